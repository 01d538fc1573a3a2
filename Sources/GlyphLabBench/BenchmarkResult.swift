import Foundation
import GlyphLabCore

/// One benchmark measurement, printed as a single JSON line so scripts can compare GlyphLab
/// with faiss and scikit-learn run on the same data.
public struct BenchmarkResult: Sendable, Codable, Equatable {
  /// What ran, e.g. "gemm", "distances", "topk".
  public var benchmark: String
  /// Who ran it: "glyphlab" here; the peer scripts write "faiss" or "sklearn".
  public var implementation: String
  /// The input shapes, e.g. ["m": 2048, "n": 2048, "k": 2048].
  public var shape: [String: Int]
  /// The best wall time of the repetitions, in seconds.
  public var seconds: Double
  /// The median wall time of the repetitions, in seconds.
  public var medianSeconds: Double
  /// Repetitions timed (after one warm-up).
  public var repetitions: Int
  /// Floating-point rate at the best time, where defined.
  public var gflops: Double?
  /// Items (query rows) per second at the best time, where defined.
  public var itemsPerSecond: Double?
  /// A checksum of the output, so two implementations can be seen to agree.
  public var checksum: Double?
  /// Iterations timed within one repetition (k-means: Lloyd iterations), where defined.
  public var iterations: Int? = nil
  /// ``seconds`` divided by ``iterations``, where defined.
  public var secondsPerIteration: Double? = nil
  /// The k-means inertia Σ‖x − c(x)‖² of the result, where defined.
  public var inertia: Double? = nil
  /// Approximate k-means assignment: how it was made ("exact" or "inverted lists=L probes=P").
  public var assignment: String? = nil
  /// Approximate assignment: the share of points given their true nearest final centre.
  public var recall: Double? = nil
  /// Approximate assignment: the run's inertia ÷ the inertia of exact assignment to the same
  /// final centres (≥ 1).
  public var inertiaRatio: Double? = nil
  /// A score of the output against the data's labels, where defined (estimator benchmarks:
  /// the adjusted Rand index of a clustering, the query accuracy of a classifier), so two
  /// implementations can be seen to solve the same problem.
  public var score: Double? = nil
  /// What ``score`` is: "ARI" or "accuracy".
  public var scoreName: String? = nil
  /// Clusters found, noise excluded (clustering benchmarks).
  public var clustersFound: Int? = nil
  /// Points labelled noise (DBSCAN).
  public var noisePoints: Int? = nil
  /// The network measured (encoder benchmarks), e.g. "conv4[64,64,64,64] 1×32×32 → flatten → 128".
  public var architecture: String? = nil
  /// ``gflops`` divided by the SGEMM rate measured in the same run, where given.
  public var gemmRatio: Double? = nil
  /// Process CPU time (user + system, all threads) per timed repetition, where measured: on
  /// a busy machine, items per CPU-second compare implementations better than wall time.
  public var cpuSecondsPerRepetition: Double? = nil
  /// The build of GlyphLab's own kernels that ran ("avx512", "avx2" or "scalar"; nil in the
  /// peers' lines).
  public var kernels: String? = nil
  /// The BLAS kernel set and threads.
  public var blasCore: String
  public var threads: Int
  /// Peak resident memory of the process, MiB.
  public var peakMemoryMiB: Double

  /// The result as one line of JSON with sorted keys.
  public func jsonLine() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    guard let data = try? encoder.encode(self) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
