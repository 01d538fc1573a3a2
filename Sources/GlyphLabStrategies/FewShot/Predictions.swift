import GlyphLabCore

/// A classifier's answer for a query set.
public struct Predictions: Sendable, Equatable {
  /// The distinct support labels, ascending: the meaning of each score column.
  public var classes: [Int32]
  /// The predicted label of each query (one of ``classes``).
  public var labels: [Int32]
  /// `queries × classes` probabilities; each row sums to 1. Active learning ranks queries
  /// by these (confidence, margin, entropy), so they must be calibrated, not raw scores.
  public var probabilities: Matrix

  public init(classes: [Int32], labels: [Int32], probabilities: Matrix) {
    self.classes = classes
    self.labels = labels
    self.probabilities = probabilities
  }
}
