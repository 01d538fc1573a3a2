import ArgumentParser
import GlyphLabCore

/// Options shared by every command that does matrix work.
public struct BLASOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "Threads for BLAS and GlyphLab's parallel loops (default: one per core; for `run`, per run: cores ÷ --jobs)."
  )
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
