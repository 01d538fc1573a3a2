import ArgumentParser
import GlyphLabCore

/// Options shared by every command that does matrix work.
public struct BLASOptions: ParsableArguments {
  @Option(name: .long, help: "BLAS threads (default: OpenBLAS's choice, one per core).")
  public var threads: Int?

  public init() {}

  public func validate() throws {
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
  }

  /// Applies the options to the process.
  public func apply() {
    if let threads { BLAS.threadCount = threads }
  }
}
