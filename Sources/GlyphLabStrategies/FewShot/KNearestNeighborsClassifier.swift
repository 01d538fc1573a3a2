import GlyphLabCore

/// k-nearest-neighbour classification, as scikit-learn's `KNeighborsClassifier`, with the
/// neighbours found by the fused ``DistanceKernel/topK(queries:references:k:)``.
///
/// Each query's `min(k, support rows)` nearest support rows (re-ranked by exact double
/// precision distances, so the result does not depend on the thread count) vote for their classes, each
/// with weight 1 (``Weighting/uniform``) or 1/distance (``Weighting/distance``). The
/// probabilities are the vote shares mixed with a little of the uniform distribution,
/// p = (1 − ``smoothing``)·share + ``smoothing``/classes, so that a unanimous vote is not
/// exactly certain and active learning can still rank such queries; this affine map leaves
/// the order of the classes, and so the prediction, unchanged.
///
/// Ties between classes go to the class of the nearest neighbour among the tied ones
/// (scikit-learn takes the lowest label, which makes uniform voting with k > 1 in a 1-shot
/// episode always answer the lowest label).
public struct KNearestNeighborsClassifier: FewShotClassifier {
  /// How neighbours' votes are weighted.
  public enum Weighting: String, Sendable, CaseIterable {
    /// Every neighbour votes 1.
    case uniform
    /// A neighbour votes 1/distance, with the Euclidean (not squared) distance under
    /// ``DistanceMetric/squaredEuclidean`` and the cosine distance under
    /// ``DistanceMetric/cosine``, as scikit-learn. When some neighbours are at distance 0,
    /// only they vote (weight 1 each).
    case distance
  }

  /// The number of neighbours (default 5).
  public var k: Int
  /// Vote weighting (default ``Weighting/uniform``).
  public var weighting: Weighting
  /// The distance that defines neighbours (default squared Euclidean, which gives the same
  /// neighbours as Euclidean).
  public var metric: DistanceMetric
  /// The weight of the uniform distribution mixed into the vote shares, in [0, 1)
  /// (default 0.01: a unanimous vote over 5 classes gets probability 0.992).
  public var smoothing: Float

  /// "knn".
  public var name: String { "knn" }

  /// Creates a k-nearest-neighbour classifier.
  public init(
    k: Int = 5, weighting: Weighting = .uniform, metric: DistanceMetric = .squaredEuclidean,
    smoothing: Float = 0.01
  ) {
    self.k = k
    self.weighting = weighting
    self.metric = metric
    self.smoothing = smoothing
  }

  /// Finds every query's nearest support rows and counts their votes.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``), on `k < 1`, on
  /// `smoothing` outside [0, 1), and under the cosine metric on an all-zero row.
  ///
  /// - Complexity: O(q·n·d) for the neighbour search (blocked SGEMM), O(q·(k + c)) for the
  ///   votes; O(q·(k + c)) memory.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    guard k >= 1 else {
      throw GlyphLabError.invalidArgument(operation: name, name: "k", value: "\(k)", reason: "must be at least 1")
    }
    guard smoothing >= 0, smoothing < 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "smoothing", value: "\(smoothing)", reason: "must be in [0, 1)")
    }
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: queries, operation: name,
      metric: metric)
    let neighbours = try DistanceKernel(metric: metric).refinedTopK(queries: queries, references: support, k: k)
    let c = input.classes.count
    let q = queries.rows
    let kk = neighbours.k
    var votes = Matrix(rows: q, columns: c)
    var labels = [Int32](repeating: 0, count: q)
    votes.withUnsafeMutableBufferPointer { v in
      var weights = [Double](repeating: 0, count: kk)
      var tally = [Double](repeating: 0, count: c)
      for i in 0..<q {
        let indices = neighbours.indices[i * kk..<(i + 1) * kk]
        voteWeights(neighbours.distances[i * kk..<(i + 1) * kk], into: &weights)
        for j in 0..<c { tally[j] = 0 }
        for (w, index) in zip(weights, indices) { tally[input.classIndex[Int(index)]] += w }
        let total = tally.reduce(0, +)
        // The winner: the most votes; among ties, the class met first in distance order.
        var best = input.classIndex[Int(indices[indices.startIndex])]
        for index in indices {
          let cls = input.classIndex[Int(index)]
          if tally[cls] > tally[best] { best = cls }
        }
        labels[i] = input.classes[best]
        let mix = Double(smoothing)
        for j in 0..<c { v[i * c + j] = Float((1 - mix) * tally[j] / total + mix / Double(c)) }
      }
    }
    return Predictions(classes: input.classes, labels: labels, probabilities: votes)
  }

  /// The vote weight of each neighbour at the given (exact) metric distances.
  private func voteWeights(_ distances: ArraySlice<Double>, into weights: inout [Double]) {
    switch weighting {
    case .uniform:
      for j in weights.indices { weights[j] = 1 }
    case .distance:
      let exact = distances.contains(0)
      for (j, d) in distances.enumerated() {
        let length = metric == .squaredEuclidean ? d.squareRoot() : d
        weights[j] = exact ? (d == 0 ? 1 : 0) : 1 / length
      }
    }
  }
}
