import Dispatch
import GlyphLabCore

/// Times GlyphLab's matrix kernels on seeded random data: `glyphlab bench gemm|distances|topk`.
///
/// Each benchmark runs once to warm up, then `repetitions` times; it reports the best and
/// median time. Speed is shown here, never in timed tests.
public struct KernelBenchmark: Sendable {
  /// Timed repetitions after the warm-up (default 5).
  public var repetitions: Int
  /// Seed for the random inputs (default 42).
  public var seed: UInt64
  /// Tile memory for the distance kernels (default: ``DistanceKernel``'s).
  public var tileBytes: Int?

  public init(repetitions: Int = 5, seed: UInt64 = 42, tileBytes: Int? = nil) {
    self.repetitions = max(1, repetitions)
    self.seed = seed
    self.tileBytes = tileBytes
  }

  func kernel(_ metric: DistanceMetric) -> DistanceKernel {
    tileBytes.map { DistanceKernel(metric: metric, tileBytes: $0) } ?? DistanceKernel(metric: metric)
  }

  /// A `rows × columns` matrix of standard normal values from `generator`.
  public static func randomMatrix(
    rows: Int, columns: Int, generator: inout SeededGenerator
  )
    -> Matrix
  {
    Matrix(rows: rows, columns: columns) { _, _ in Float(generator.normal()) }
  }

  /// Square (or m×k by k×n) SGEMM, as OpenBLAS threads it: the machine's SGEMM rate. (GlyphLab's
  /// own products, `Matrix.gemm`, cut it into blocks by shape so that the thread count cannot
  /// change their last bits; that costs 5–20% on a square 2,048³ product on 2 cores.)
  public func gemm(m: Int, n: Int, k: Int) throws -> BenchmarkResult {
    guard m > 0, n > 0, k > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "bench gemm", name: "m, n, k", value: "\(m), \(n), \(k)", reason: "must all be positive")
    }
    var random = SeededGenerator(seed: seed)
    let a = Self.randomMatrix(rows: m, columns: k, generator: &random)
    let b = Self.randomMatrix(rows: k, columns: n, generator: &random)
    var c = Matrix(rows: m, columns: n)
    let times = try measure {
      a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
          c.withUnsafeMutableBufferPointer { cp in
            BLAS.openBLASThreadedSGEMM(m: m, n: n, k: k, ap.baseAddress!, bp.baseAddress!, cp.baseAddress!)
          }
        }
      }
    }
    let checksum = c.withUnsafeBufferPointer { $0.reduce(0.0) { $0 + Double($1) } }
    return result(
      "gemm", shape: ["m": m, "n": n, "k": k], times: times,
      flops: 2 * Double(m) * Double(n) * Double(k), items: nil, checksum: checksum)
  }

  /// Blocked distances fused with per-row argmin: `queries × dim` against `references × dim`.
  public func distances(
    queries: Int, references: Int, dim: Int, metric: DistanceMetric
  ) throws
    -> BenchmarkResult
  {
    var random = SeededGenerator(seed: seed)
    let x = Self.randomMatrix(rows: queries, columns: dim, generator: &random)
    let y = Self.randomMatrix(rows: references, columns: dim, generator: &random)
    let kernel = kernel(metric)
    var nearest = NearestResult(indices: [], distances: [])
    let times = try measure { nearest = try kernel.argmin(queries: x, references: y) }
    let checksum = nearest.distances.reduce(0.0) { $0 + Double($1) }
    return result(
      "distances", shape: ["queries": queries, "references": references, "dim": dim],
      times: times, flops: 2 * Double(queries) * Double(references) * Double(dim),
      items: Double(queries), checksum: checksum)
  }

  /// Blocked distances fused with per-row top-k.
  public func topK(
    queries: Int, references: Int, dim: Int, k: Int, metric: DistanceMetric
  ) throws
    -> BenchmarkResult
  {
    var random = SeededGenerator(seed: seed)
    let x = Self.randomMatrix(rows: queries, columns: dim, generator: &random)
    let y = Self.randomMatrix(rows: references, columns: dim, generator: &random)
    let kernel = kernel(metric)
    var neighbours = NeighborsResult(k: 0, indices: [], distances: [])
    let times = try measure { neighbours = try kernel.topK(queries: x, references: y, k: k) }
    let checksum = neighbours.distances.reduce(0.0) { $0 + Double($1) }
    return result(
      "topk", shape: ["queries": queries, "references": references, "dim": dim, "k": k],
      times: times, flops: 2 * Double(queries) * Double(references) * Double(dim),
      items: Double(queries), checksum: checksum)
  }

  func measure(_ body: () throws -> Void) throws -> [Double] {
    try BenchmarkResult.measure(repetitions: repetitions, body)
  }

  func result(
    _ name: String, shape: [String: Int], times: [Double], flops: Double?, items: Double?,
    checksum: Double?
  ) -> BenchmarkResult {
    BenchmarkResult(name, shape: shape, times: times, flops: flops, items: items, checksum: checksum)
  }
}
