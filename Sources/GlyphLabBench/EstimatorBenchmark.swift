import GlyphLabCore
import GlyphLabStrategies

/// Times the clustering methods and few-shot classifiers that scikit-learn also has, on
/// labelled points, for the side-by-side comparison in `Benchmarks/run.sh`
/// (`glyphlab bench cluster|fewshot`; the peer is `Benchmarks/peers/sklearn_peer.py`).
///
/// Each benchmark runs once to warm up, then `repetitions` times; the result has the best and
/// median wall time and the process CPU time (all threads) per call, warm-up included, which
/// a busy machine's time-slicing distorts less than wall time. It also carries a score
/// against the labels, so two implementations can be seen to solve the same problem: the
/// adjusted Rand index of a clustering, the query accuracy of a classifier.
public struct EstimatorBenchmark: Sendable {
  /// Timed repetitions after the warm-up (default 3).
  public var repetitions: Int

  /// A benchmark runner timing `repetitions` runs after one warm-up (default 3).
  public init(repetitions: Int = 3) {
    self.repetitions = max(1, repetitions)
  }

  /// Clusters `points` with `algorithm` configured by `options`; the time covers the whole
  /// `cluster` call. The score is the adjusted Rand index against `labels` (DBSCAN's noise
  /// counted as one more cluster, as scikit-learn's `adjusted_rand_score` sees label −1).
  ///
  /// - Complexity: that of the method (agglomerative: O(n²·d) time, n(n−1)/2 floats).
  public func cluster(
    _ algorithm: ClusteringAlgorithm, options: ClusteringAlgorithm.Options, points: Matrix, labels: [Int32]
  ) throws -> BenchmarkResult {
    guard labels.count == points.rows else {
      throw GlyphLabError.invalidArgument(
        operation: "bench cluster", name: "labels", value: "\(labels.count)",
        reason: "need one label per point (\(points.rows))")
    }
    let method = algorithm.make(options)
    var result = ClusteringResult(labels: [])
    let cpuStart = EncoderBenchmark.processCPUSeconds()
    let times = try BenchmarkResult.measure(repetitions: repetitions) { result = try method.cluster(points) }
    let cpu = (EncoderBenchmark.processCPUSeconds() - cpuStart) / Double(repetitions + 1)
    let found = Set(result.labels.filter { $0 >= 0 }).count
    var shape = ["points": points.rows, "dim": points.columns]
    if algorithm.takesClusterCount { shape["k"] = options.clusters }
    if algorithm == .miniBatchKMeans { shape["batch_size"] = options.batchSize }
    if algorithm == .dbscan { shape["min_samples"] = options.minSamples }
    var out = BenchmarkResult(
      "cluster-\(algorithm.rawValue)", shape: shape, times: times, flops: nil, items: Double(points.rows),
      checksum: nil)
    out.score = try ClusteringMetrics(truth: labels, predicted: result.labels).adjustedRandIndex
    out.scoreName = "ARI"
    out.clustersFound = found
    out.noisePoints = result.labels.count { $0 < 0 }
    out.inertia = result.inertia
    out.cpuSecondsPerRepetition = cpu
    return out
  }

  /// Fits `method` on the support rows and predicts the query rows, timed as one call; the
  /// score is the share of queries whose predicted label is their label.
  ///
  /// - Complexity: that of the classifier.
  public func fewShot(
    _ method: FewShotMethod, options: FewShotMethod.Options, split: LabelledSplit
  ) throws -> BenchmarkResult {
    let classifier = method.make(options)
    var predicted: [Int32] = []
    let cpuStart = EncoderBenchmark.processCPUSeconds()
    let times = try BenchmarkResult.measure(repetitions: repetitions) {
      predicted = try classifier.predict(
        support: split.support, supportLabels: split.supportLabels, queries: split.queries
      ).labels
    }
    let cpu = (EncoderBenchmark.processCPUSeconds() - cpuStart) / Double(repetitions + 1)
    var shape = [
      "support": split.support.rows, "queries": split.queries.rows, "dim": split.support.columns,
      "classes": Set(split.supportLabels).count,
    ]
    if method == .knn { shape["k"] = options.k }
    var out = BenchmarkResult(
      "fewshot-\(method.rawValue)", shape: shape, times: times, flops: nil, items: Double(split.queries.rows),
      checksum: nil)
    out.score = Double(zip(predicted, split.queryLabels).count { $0 == $1 }) / Double(max(1, predicted.count))
    out.scoreName = "accuracy"
    out.cpuSecondsPerRepetition = cpu
    return out
  }
}
