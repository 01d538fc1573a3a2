import Foundation
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
///
/// Vote shares say nothing about how close a call was when k = 1: every query's
/// probabilities are then the same one-hot vector, and margin or entropy sampling can only
/// break ties at random. ``Probabilities/distances`` scores each class found among the k
/// neighbours by its nearest one instead, p ∝ exp(−(d_class − d_nearest) / ``temperature``),
/// so the margin between the two best classes follows how much farther the runner-up is;
/// the label is then the nearest neighbour's class.
public struct KNearestNeighborsClassifier: FewShotClassifier {
  /// How the neighbours become probabilities.
  public enum Probabilities: String, Sendable, CaseIterable {
    /// The (weighted) vote shares, as scikit-learn's `predict_proba`.
    case votes
    /// A softmax over each class's nearest distance among the k neighbours, at
    /// ``temperature``; classes without a neighbour get only the smoothing share.
    case distances
  }

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
  /// How the neighbours become probabilities (default ``Probabilities/votes``).
  public var probabilities: Probabilities
  /// The softmax temperature of ``Probabilities/distances``, in the metric's units
  /// (default 0.05: under the cosine metric, a runner-up 0.05 farther than the nearest class
  /// gets e⁻¹ of its weight). Must be positive.
  public var temperature: Double

  /// "knn".
  public var name: String { "knn" }

  /// Creates a k-nearest-neighbour classifier.
  public init(
    k: Int = 5, weighting: Weighting = .uniform, metric: DistanceMetric = .squaredEuclidean,
    smoothing: Float = 0.01, probabilities: Probabilities = .votes, temperature: Double = 0.05
  ) {
    self.k = k
    self.weighting = weighting
    self.metric = metric
    self.smoothing = smoothing
    self.probabilities = probabilities
    self.temperature = temperature
  }

  /// Finds every query's nearest support rows and counts their votes.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``), on `k < 1`, on
  /// `smoothing` outside [0, 1), on a temperature that is not positive, and under the cosine
  /// metric on an all-zero row.
  ///
  /// - Complexity: O(q·n·d) for the neighbour search (blocked SGEMM), O(q·(k + c)) for the
  ///   votes; O(q·(k + c)) memory.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    let (input, neighbours) = try neighbours(support: support, supportLabels: supportLabels, queries: queries)
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
        if probabilities == .distances {
          labels[i] = input.classes[input.classIndex[Int(indices[indices.startIndex])]]
          softmax(neighbours.distances[i * kk..<(i + 1) * kk], indices, input.classIndex, into: v, row: i, classes: c)
          continue
        }
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
        for j in 0..<c { v[i * c + j] = smoothed(tally[j], of: total, classes: c) }
      }
    }
    return Predictions(classes: input.classes, labels: labels, probabilities: votes)
  }

  /// Each query's `keep` most likely classes, as ``predict(support:supportLabels:queries:)``
  /// and ``Predictions/mostLikely(keep:)`` give them. Under ``Probabilities/distances`` they
  /// come from the neighbours alone: at most k classes get more than the smoothing share,
  /// and the rest of a row, all equal, is filled in label order, so no `queries × classes`
  /// matrix is made.
  ///
  /// - Complexity: as ``predict(support:supportLabels:queries:)``'s search, then
  ///   O(q·(k² + keep)) under ``Probabilities/distances`` (O(q·c) for votes).
  public func predictMostLikely(
    support: Matrix, supportLabels: [Int32], queries: Matrix, keep: Int
  ) throws -> MostLikelyClasses {
    guard probabilities == .distances else {
      return try predict(support: support, supportLabels: supportLabels, queries: queries).mostLikely(keep: keep)
    }
    let (input, neighbours) = try neighbours(support: support, supportLabels: supportLabels, queries: queries)
    let c = input.classes.count
    let q = queries.rows
    let kk = neighbours.k
    let keep = max(0, keep)
    let floor = smoothed(0, of: 1, classes: c)  // the share of a class without a neighbour
    var labels = [Int32](repeating: 0, count: q)
    var classes = [Int32]()
    var values = [Float]()
    classes.reserveCapacity(q * keep)
    values.reserveCapacity(q * keep)
    var chosen: [(column: Int, value: Float)] = []
    for i in 0..<q {
      let indices = neighbours.indices[i * kk..<(i + 1) * kk]
      labels[i] = input.classes[input.classIndex[Int(indices[indices.startIndex])]]
      let met = metClasses(neighbours.distances[i * kk..<(i + 1) * kk], indices, input.classIndex)
      let total = met.reduce(0.0) { $0 + $1.weight }
      // The classes above the floor, as the dense row holds them, best first (ties: lower
      // column); every other column holds the floor.
      chosen.removeAll(keepingCapacity: true)
      for (cls, weight) in met {
        let value = smoothed(weight, of: total, classes: c)
        if value > floor { chosen.append((cls, value)) }
      }
      chosen.sort { $0.value != $1.value ? $0.value > $1.value : $0.column < $1.column }
      if chosen.count > keep { chosen.removeLast(chosen.count - keep) }
      var column = 0
      while chosen.count < keep, column < c {
        if !chosen.contains(where: { $0.column == column }) { chosen.append((column, floor)) }
        column += 1
      }
      for (column, value) in chosen {
        classes.append(input.classes[column])
        values.append(value)
      }
      for _ in chosen.count..<keep {
        classes.append(-1)
        values.append(0)
      }
    }
    return MostLikelyClasses(keep: keep, labels: labels, classes: classes, probabilities: values)
  }

  /// Checks the settings and input, and finds every query's nearest support rows.
  private func neighbours(
    support: Matrix, supportLabels: [Int32], queries: Matrix
  ) throws -> (FewShotInput, (k: Int, indices: [Int32], distances: [Double])) {
    guard k >= 1 else {
      throw GlyphLabError.invalidArgument(operation: name, name: "k", value: "\(k)", reason: "must be at least 1")
    }
    guard smoothing >= 0, smoothing < 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "smoothing", value: "\(smoothing)", reason: "must be in [0, 1)")
    }
    guard temperature > 0, temperature.isFinite else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "temperature", value: "\(temperature)", reason: "must be positive")
    }
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: queries, operation: name,
      metric: metric)
    let neighbours = try DistanceKernel(metric: metric).refinedTopK(queries: queries, references: support, k: k)
    return (input, neighbours)
  }

  /// Row `row` of `v` for ``Probabilities/distances``: each class met among the neighbours
  /// (nearest first) gets exp(−(its nearest distance − the nearest) / temperature), the
  /// weights are normalised and mixed with the uniform share.
  private func softmax(
    _ distances: ArraySlice<Double>, _ indices: ArraySlice<Int32>, _ classIndex: [Int],
    into v: UnsafeMutableBufferPointer<Float>, row: Int, classes c: Int
  ) {
    let met = metClasses(distances, indices, classIndex)
    let total = met.reduce(0.0) { $0 + $1.weight }
    let floor = smoothed(0, of: 1, classes: c)  // the share of a class without a neighbour
    for j in 0..<c { v[row * c + j] = floor }
    for (cls, weight) in met { v[row * c + cls] = smoothed(weight, of: total, classes: c) }
  }

  /// Each class met among the neighbours (nearest first), once, with its weight
  /// exp(−(its nearest distance − the nearest) / temperature).
  private func metClasses(
    _ distances: ArraySlice<Double>, _ indices: ArraySlice<Int32>, _ classIndex: [Int]
  ) -> [(cls: Int, weight: Double)] {
    var met: [(cls: Int, weight: Double)] = []
    let nearest = distances.first ?? 0
    for (d, index) in zip(distances, indices) {
      let cls = classIndex[Int(index)]
      if met.contains(where: { $0.cls == cls }) { continue }
      met.append((cls, exp((nearest - d) / temperature)))
    }
    return met
  }

  /// A class's probability: its part `weight / total` of the neighbours' weight, mixed with
  /// the uniform share, (1 − ``smoothing``)·weight/total + ``smoothing``/classes. Every path
  /// (votes, dense and sparse distance probabilities) goes through it, so they agree bit for
  /// bit.
  private func smoothed(_ weight: Double, of total: Double, classes c: Int) -> Float {
    let mix = Double(smoothing)
    return Float((1 - mix) * weight / total + mix / Double(c))
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
