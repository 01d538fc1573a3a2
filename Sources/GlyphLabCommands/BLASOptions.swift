import ArgumentParser
import GlyphLabCore

/// Options shared by every command that does matrix work.
public struct BLASOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "Threads for BLAS and GlyphLab's parallel loops (default: one per core; for `run`, per run: cores ÷ --jobs)."
  )
  public var threads: Int?

  @Option(
    name: .long,
    help:
      "Build of GlyphLab's own kernels: auto (the best this CPU runs), avx512, avx2 or scalar; all give the same results."
  )
  var kernels: KernelInstructionSet = .auto

  public init() {}

  public func validate() throws {
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
    guard DistanceKernel.forceScanInstructionSet(kernels.rawValue) else {
      DistanceKernel.forceScanInstructionSet(KernelInstructionSet.auto.rawValue)
      throw ValidationError(
        "--kernels \(kernels.rawValue): this CPU cannot run it (the best it runs is \(DistanceKernel.scanInstructionSet))"
      )
    }
  }

  /// Applies the options to the process.
  public func apply() {
    if let threads { BLAS.threadCount = threads }
  }
}
