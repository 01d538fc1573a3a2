import Dispatch
import GlyphLabCore

extension BenchmarkResult {
  /// Runs `body` once to warm up, then `repetitions` times; the wall times, sorted.
  static func measure(repetitions: Int, _ body: () throws -> Void) throws -> [Double] {
    try body()
    var times: [Double] = []
    for _ in 0..<max(1, repetitions) {
      let start = DispatchTime.now().uptimeNanoseconds
      try body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()
  }

  /// A GlyphLab result from sorted `times`: the best and median time, the rates at the best
  /// time, and the BLAS set-up and peak memory of this process.
  init(
    _ name: String, shape: [String: Int], times: [Double], flops: Double?, items: Double?, checksum: Double?
  ) {
    let best = times.first ?? 0
    let configuration = BLAS.configuration
    self.init(
      benchmark: name, implementation: "glyphlab", shape: shape, seconds: best,
      medianSeconds: times.isEmpty ? 0 : times[times.count / 2], repetitions: times.count,
      gflops: flops.map { best > 0 ? $0 / best / 1e9 : 0 },
      itemsPerSecond: items.map { best > 0 ? $0 / best : 0 }, checksum: checksum,
      kernels: DistanceKernel.scanInstructionSet, blasCore: configuration.core, threads: configuration.threads,
      peakMemoryMiB: Double(ProcessMemory.peakResidentBytes) / 1_048_576)
  }
}
