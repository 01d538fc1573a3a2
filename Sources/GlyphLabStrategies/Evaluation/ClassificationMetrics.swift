import GlyphLabCore

/// Plain train/test classification metrics: accuracy, macro accuracy (the mean per-class
/// recall, scikit-learn's `balanced_accuracy_score`, so rare characters count as much as
/// common ones), top-k accuracy from probabilities, and per-class counts.
public struct ClassificationMetrics: Sendable, Equatable {
  /// The counts of one class.
  public struct ClassCounts: Sendable, Equatable {
    /// The class label.
    public var label: Int32
    /// Rows whose true label is this class.
    public var truth: Int
    /// Rows predicted as this class.
    public var predicted: Int
    /// Rows of this class predicted correctly.
    public var correct: Int

    /// Creates the counts of one class.
    public init(label: Int32, truth: Int, predicted: Int, correct: Int) {
      self.label = label
      self.truth = truth
      self.predicted = predicted
      self.correct = correct
    }

    /// correct / truth (nil for a class that only occurs among the predictions).
    public var recall: Double? { truth > 0 ? Double(correct) / Double(truth) : nil }
    /// correct / predicted (nil for a class never predicted).
    public var precision: Double? { predicted > 0 ? Double(correct) / Double(predicted) : nil }
  }

  /// The number of evaluated rows.
  public var count: Int
  /// The fraction of rows predicted correctly.
  public var accuracy: Double
  /// The mean recall over the classes present in the truth.
  public var macroAccuracy: Double
  /// Every label seen in the truth or the predictions, ascending.
  public var perClass: [ClassCounts]
  /// Top-k accuracies by k, when probabilities were given (see
  /// ``topKAccuracy(truth:predictions:k:)``).
  public var topK: [Int: Double]

  /// Metrics of predicted labels against the truth.
  ///
  /// Throws when the counts differ or there are no rows.
  ///
  /// - Complexity: O(n log c).
  public init(truth: [Int32], predicted: [Int32]) throws {
    guard truth.count == predicted.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "ClassificationMetrics", detail: "\(truth.count) true labels, \(predicted.count) predictions")
    }
    guard !truth.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "ClassificationMetrics", name: "truth", value: "[]", reason: "nothing to evaluate")
    }
    var counts = [Int32: ClassCounts]()
    var correct = 0
    for (t, p) in zip(truth, predicted) {
      counts[t, default: ClassCounts(label: t, truth: 0, predicted: 0, correct: 0)].truth += 1
      counts[p, default: ClassCounts(label: p, truth: 0, predicted: 0, correct: 0)].predicted += 1
      if t == p {
        counts[t]?.correct += 1
        correct += 1
      }
    }
    let perClass = counts.values.sorted { $0.label < $1.label }
    let recalls = perClass.compactMap(\.recall)
    self.count = truth.count
    self.accuracy = Double(correct) / Double(truth.count)
    self.macroAccuracy = recalls.reduce(0, +) / Double(recalls.count)
    self.perClass = perClass
    self.topK = [:]
  }

  /// Metrics of a classifier's predictions against the truth, with top-k accuracies for
  /// each k in `topK` (default 1 and 5).
  ///
  /// - Complexity: O(n·c) for the top-k accuracies.
  public init(truth: [Int32], predictions: Predictions, topK ks: [Int] = [1, 5]) throws {
    try self.init(truth: truth, predicted: predictions.labels)
    for k in ks { topK[k] = try Self.topKAccuracy(truth: truth, predictions: predictions, k: k) }
  }

  /// The fraction of rows whose true class is among the k most probable. A row counts when
  /// fewer than k classes have a strictly higher probability than its true class (ties are
  /// resolved in its favour, so top-1 is at least the accuracy of the labels and equals it
  /// when there are no ties); a true label outside ``Predictions/classes`` never counts.
  ///
  /// Throws on `k < 1`, a count mismatch, or probabilities whose shape does not match.
  ///
  /// - Complexity: O(n·c).
  public static func topKAccuracy(truth: [Int32], predictions: Predictions, k: Int) throws -> Double {
    let probabilities = predictions.probabilities
    let c = predictions.classes.count
    guard k >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "topKAccuracy", name: "k", value: "\(k)", reason: "must be at least 1")
    }
    guard probabilities.rows == truth.count, probabilities.columns == c else {
      throw GlyphLabError.shapeMismatch(
        operation: "topKAccuracy",
        detail: "\(truth.count) true labels, probabilities \(probabilities.rows)×\(probabilities.columns) "
          + "for \(c) classes")
    }
    guard !truth.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "topKAccuracy", name: "truth", value: "[]", reason: "nothing to evaluate")
    }
    var column = [Int32: Int]()
    for (j, label) in predictions.classes.enumerated() { column[label] = j }
    var hits = 0
    for (i, label) in truth.enumerated() {
      guard let j = column[label] else { continue }
      let own = probabilities[i, j]
      let above = probabilities.row(i).count { $0 > own }
      if above < k { hits += 1 }
    }
    return Double(hits) / Double(truth.count)
  }
}
