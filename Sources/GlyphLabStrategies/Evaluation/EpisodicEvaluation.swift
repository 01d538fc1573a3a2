import Foundation
import GlyphLabCore

/// Runs several few-shot classifiers on exactly the same N-way K-shot episodes and
/// summarises their accuracies with confidence intervals and paired differences.
///
/// Episodes run in parallel (worker w takes episodes w, w + workers, …) with OpenBLAS
/// single-threaded inside; each episode's result depends only on the seed and the episode
/// index, so the result is the same whatever ``BLAS/threadCount`` is.
public struct EpisodicEvaluation: Sendable {
  /// A classifier under a report name.
  public struct Method: Sendable {
    /// The name in the report (default: the classifier's own name).
    public var name: String
    /// The classifier.
    public var classifier: any FewShotClassifier

    /// A method named `name`, or after the classifier.
    public init(_ classifier: any FewShotClassifier, name: String? = nil) {
      self.classifier = classifier
      self.name = name ?? classifier.name
    }
  }

  /// N: classes per episode (default 5).
  public var ways: Int
  /// K: support rows per class (default 1).
  public var shots: Int
  /// Q: query rows per class (default 15).
  public var queriesPerClass: Int
  /// The number of episodes (default 1,000).
  public var episodes: Int
  /// The seed of the episodes (default 0).
  public var seed: UInt64
  /// The confidence level of the intervals (default 0.95).
  public var level: Double
  /// How intervals are computed (default ``ConfidenceInterval/Method/studentT``; with
  /// hundreds of episodes it agrees with the ± 1.96·sd/√n of the literature to 0.1%).
  public var interval: ConfidenceInterval.Method

  /// Creates an evaluation protocol.
  public init(
    ways: Int = 5, shots: Int = 1, queriesPerClass: Int = 15, episodes: Int = 1000, seed: UInt64 = 0,
    level: Double = 0.95, interval: ConfidenceInterval.Method = .studentT
  ) {
    self.ways = ways
    self.shots = shots
    self.queriesPerClass = queriesPerClass
    self.episodes = episodes
    self.seed = seed
    self.level = level
    self.interval = interval
  }

  /// Runs `methods` on ``episodes`` episodes drawn from `labels` (restricted to `classes`
  /// when given); row i of `features` is the example labelled `labels[i]`.
  ///
  /// Throws on no methods, repeated method names, `episodes < 1`, a row/label count
  /// mismatch, NaN or infinite features, an impossible episode shape (see
  /// ``EpisodeSampler``), or the first error a classifier throws (by episode index).
  ///
  /// - Complexity: the classifiers' cost on each of the episodes, divided among the threads.
  public func run(
    methods: [Method], features: Matrix, labels: [Int32], classes: [Int32]? = nil
  ) throws -> EpisodicResult {
    guard !methods.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodicEvaluation", name: "methods", value: "[]", reason: "nothing to evaluate")
    }
    let names = methods.map(\.name)
    guard Set(names).count == names.count else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodicEvaluation", name: "methods", value: names.joined(separator: ", "),
        reason: "method names must be distinct (give each a name)")
    }
    guard episodes >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodicEvaluation", name: "episodes", value: "\(episodes)", reason: "must be at least 1")
    }
    guard features.rows == labels.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "EpisodicEvaluation", detail: "\(features.rows) feature rows, \(labels.count) labels")
    }
    let sampler = try EpisodeSampler(
      labels: labels, classes: classes, ways: ways, shots: shots, queriesPerClass: queriesPerClass,
      seed: seed)
    return try run(methods: methods, features: features, episodes: episodes) { sampler.episode($0) }
  }

  /// Runs `methods` on the given episodes (e.g. from ``ConstrainedEpisodeSampler`` or a
  /// dataset's fixed episodes), every method on every episode; ``episodes`` is the list's
  /// length for the result.
  ///
  /// - Complexity: the classifiers' cost on each episode, divided among the threads.
  public func run(methods: [Method], features: Matrix, episodes list: [Episode]) throws -> EpisodicResult {
    guard !list.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodicEvaluation", name: "episodes", value: "[]", reason: "no episodes to evaluate")
    }
    for episode in list {
      if let bad = (episode.supportRows + episode.queryRows).first(where: { $0 < 0 || $0 >= features.rows }) {
        throw GlyphLabError.invalidArgument(
          operation: "EpisodicEvaluation", name: "episode \(episode.index) row", value: "\(bad)",
          reason: "outside the \(features.rows) feature rows")
      }
    }
    var copy = self
    copy.episodes = list.count
    return try copy.run(methods: methods, features: features, episodes: list.count) { list[$0] }
  }

  func run(
    methods: [Method], features: Matrix, episodes e: Int, episodeAt: @Sendable (Int) -> Episode
  ) throws
    -> EpisodicResult
  {
    let names = methods.map(\.name)
    guard Set(names).count == names.count, !methods.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodicEvaluation", name: "methods", value: names.joined(separator: ", "),
        reason: "give at least one method, with distinct names")
    }
    try features.requireFinite(operation: "EpisodicEvaluation", argument: "features")
    let m = methods.count
    var accuracy = [Double](repeating: 0, count: m * e)
    var loss = [Double](repeating: 0, count: m * e)
    var seconds = [Double](repeating: 0, count: m * e)
    var queryCounts = [Int](repeating: 0, count: e)
    var failures = [Failure?](repeating: nil, count: e)
    accuracy.withUnsafeMutableBufferPointer { ap in
      loss.withUnsafeMutableBufferPointer { lp in
        seconds.withUnsafeMutableBufferPointer { sp in
          queryCounts.withUnsafeMutableBufferPointer { qp in
            failures.withUnsafeMutableBufferPointer { fp in
              nonisolated(unsafe) let aBase = ap.baseAddress!
              nonisolated(unsafe) let lBase = lp.baseAddress!
              nonisolated(unsafe) let sBase = sp.baseAddress!
              nonisolated(unsafe) let qBase = qp.baseAddress!
              nonisolated(unsafe) let fBase = fp.baseAddress!
              let workers = max(1, min(BLAS.threadCount, e))
              BLAS.withSingleThreadedCalls {
                Parallel.forEachWorker(workers) { worker in
                  var index = worker
                  let clock = ContinuousClock()
                  while index < e {
                    let episode = episodeAt(index)
                    do {
                      let support = features.gathering(rows: episode.supportRows)
                      let queries = features.gathering(rows: episode.queryRows)
                      qBase[index] = episode.queryRows.count
                      for (k, method) in methods.enumerated() {
                        let start = clock.now
                        let predictions = try method.classifier.predict(
                          support: support, supportLabels: episode.supportLabels, queries: queries)
                        let elapsed = clock.now - start
                        sBase[k * e + index] =
                          Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                        let score = Self.score(predictions, truth: episode.queryLabels)
                        aBase[k * e + index] = score.accuracy
                        lBase[k * e + index] = score.logLoss
                      }
                    } catch {
                      fBase[index] = Failure(error: error)
                    }
                    index += workers
                  }
                }
              }
            }
          }
        }
      }
    }
    if let first = failures.compactMap({ $0 }).first { throw first.error }
    var result = try EpisodicResult(
      ways: ways, shots: shots, queriesPerClass: queriesPerClass, seed: seed, methods: names,
      accuracies: (0..<m).map { Array(accuracy[$0 * e..<($0 + 1) * e]) },
      logLosses: (0..<m).map { Array(loss[$0 * e..<($0 + 1) * e]) }, level: level, interval: interval)
    let queries = Double(queryCounts.reduce(0, +))
    result.queriesPerSecond = (0..<m).map { k in
      let total = seconds[k * e..<(k + 1) * e].reduce(0, +)
      return total > 0 ? queries / total : .nan
    }
    return result
  }

  /// An error caught on a worker thread, carried back to the caller.
  struct Failure: @unchecked Sendable {
    let error: any Error
  }

  /// Query accuracy and mean log loss (probabilities clipped at 1e-15).
  package static func score(_ predictions: Predictions, truth: [Int32]) -> (accuracy: Double, logLoss: Double) {
    var column = [Int32: Int]()
    for (j, label) in predictions.classes.enumerated() { column[label] = j }
    var correct = 0
    var loss = 0.0
    for (i, label) in truth.enumerated() {
      if predictions.labels[i] == label { correct += 1 }
      let p = column[label].map { Double(predictions.probabilities[i, $0]) } ?? 0
      loss -= Foundation.log(min(1, max(1e-15, p)))
    }
    let n = Double(max(1, truth.count))
    return (Double(correct) / n, loss / n)
  }
}
