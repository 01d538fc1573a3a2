import Dispatch
import GlyphLabCore
import GlyphLabStrategies

/// Times k-means and brute-force kNN, the two benchmarks compared side by side with faiss-cpu
/// and scikit-learn (`glyphlab bench kmeans|knn`, `Benchmarks/run.sh`).
///
/// Each benchmark runs once to warm up, then `repetitions` times, and reports the best and
/// median wall time.
public struct ClusteringBenchmark: Sendable {
  /// Timed repetitions after the warm-up (default 3).
  public var repetitions: Int

  /// A benchmark runner timing `repetitions` runs after one warm-up (default 3).
  public init(repetitions: Int = 3) {
    self.repetitions = max(1, repetitions)
  }

  /// ``KMeans`` (Lloyd) for exactly `iterations` iterations (tolerance 0; strict convergence
  /// could end it sooner, and ``BenchmarkResult/iterations`` says how many ran) from the first
  /// `k` points as initial centres, as the faiss and scikit-learn peers do. The time covers
  /// the whole `cluster` call: centring, the iterations, the final E-step and the inertia.
  /// `seed` is passed to ``KMeans`` (it draws nothing from a given start).
  ///
  /// With an approximate `assignment` the result also gives ``BenchmarkResult/recall`` and
  /// ``BenchmarkResult/inertiaRatio`` against one exact E-step on the final centres, made after
  /// the timing.
  public func kmeans(
    points: Matrix, k: Int, iterations: Int, seed: UInt64, assignment: KMeansAssignment = .exact
  ) throws -> BenchmarkResult {
    guard k >= 1, k <= points.rows else {
      throw GlyphLabError.invalidArgument(
        operation: "bench kmeans", name: "k", value: "\(k)", reason: "must be in 1...\(points.rows)")
    }
    let kmeans = KMeans(
      clusters: k, initialization: .given(points.rows(0..<k)), maxIterations: iterations, tolerance: 0,
      seed: seed, assignment: assignment)
    var result = ClusteringResult(labels: [])
    let times = try measure { result = try kmeans.cluster(points) }
    let ran = result.iterations ?? iterations
    let best = times.first ?? 0
    var out = summary(
      "kmeans", shape: ["points": points.rows, "dim": points.columns, "k": k, "iterations": iterations],
      times: times, flops: 2 * Double(points.rows) * Double(k) * Double(points.columns) * Double(ran),
      items: nil, checksum: nil)
    out.iterations = ran
    out.secondsPerIteration = best / Double(max(1, ran))
    out.inertia = result.inertia
    switch assignment {
    case .exact:
      out.assignment = "exact"
    case .inverted(let lists, let probes):
      let used = try InvertedCentreIndex.checkedLists(centres: k, lists: lists, probes: probes)
      out.assignment = "inverted lists=\(used) probes=\(probes)"
      if let centroids = result.centroids, let inertia = result.inertia {
        let exact = try DistanceKernel(metric: .squaredEuclidean).argmin(queries: points, references: centroids)
        out.recall = Double(zip(exact.indices, result.labels).filter { $0 == $1 }.count) / Double(points.rows)
        let best = exact.distances.reduce(0.0) { $0 + Double($1) }
        out.inertiaRatio = best > 0 ? inertia / best : 1
      }
    }
    return out
  }

  /// Greedy k-means++ seeding alone (``KMeans/startingCentres(_:)`` with `2 + ⌊ln k⌋` local
  /// trials, scikit-learn's `kmeans_plusplus`), drawn from `seed`. The time covers centring
  /// and the seeding; the inertia is the seeding's potential Σ min‖x − c‖², computed after
  /// the timing, so the peers' draws can be compared (they are random, so only in size).
  public func kmeansPlusPlus(points: Matrix, k: Int, seed: UInt64) throws -> BenchmarkResult {
    guard k >= 1, k <= points.rows else {
      throw GlyphLabError.invalidArgument(
        operation: "bench kmeans-init", name: "k", value: "\(k)", reason: "must be in 1...\(points.rows)")
    }
    let kmeans = KMeans(clusters: k, initialization: .kMeansPlusPlus, seed: seed)
    var centres = Matrix(rows: 0, columns: points.columns)
    let times = try measure { centres = try kmeans.startingCentres(points) }
    let nearest = try DistanceKernel(metric: .squaredEuclidean).argmin(queries: points, references: centres)
    var out = summary(
      "kmeans-init", shape: ["points": points.rows, "dim": points.columns, "k": k],
      times: times, flops: 0, items: nil, checksum: nil)
    out.inertia = nearest.distances.reduce(0.0) { $0 + Double(max(0, $1)) }
    return out
  }

  /// The `k` nearest `base` rows of every query (squared Euclidean) with the fused
  /// ``DistanceKernel/topK(queries:references:k:)``. The checksum is the sum of all returned
  /// squared distances.
  public func knn(queries: Matrix, base: Matrix, k: Int) throws -> BenchmarkResult {
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    var neighbours = NeighborsResult(k: 0, indices: [], distances: [])
    let times = try measure { neighbours = try kernel.topK(queries: queries, references: base, k: k) }
    return summary(
      "knn", shape: ["queries": queries.rows, "references": base.rows, "dim": queries.columns, "k": k],
      times: times, flops: 2 * Double(queries.rows) * Double(base.rows) * Double(queries.columns),
      items: Double(queries.rows), checksum: neighbours.distances.reduce(0.0) { $0 + Double($1) })
  }

  func measure(_ body: () throws -> Void) throws -> [Double] {
    try BenchmarkResult.measure(repetitions: repetitions, body)
  }

  func summary(
    _ name: String, shape: [String: Int], times: [Double], flops: Double, items: Double?, checksum: Double?
  ) -> BenchmarkResult {
    BenchmarkResult(name, shape: shape, times: times, flops: flops, items: items, checksum: checksum)
  }
}
