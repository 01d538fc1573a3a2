import GlyphLabCore

/// A few-shot classifier: fits on a labelled support set and predicts a query set with
/// scores. Configured by plain values with documented defaults, seeded where it draws.
public protocol FewShotClassifier: Sendable {
  /// A short stable name for logs and reports, e.g. "prototype".
  var name: String { get }
  /// Fits on `support` (rows) with `supportLabels` (one per row, any non-negative ids) and
  /// predicts every row of `queries`. Throws ``GlyphLabError`` on bad input.
  func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions
  /// Each query's `keep` most likely classes, exactly as ``predict(support:supportLabels:queries:)``
  /// followed by ``Predictions/mostLikely(keep:)`` gives them; a classifier that can find
  /// them without the `queries × classes` probabilities does (the default computes those).
  func predictMostLikely(
    support: Matrix, supportLabels: [Int32], queries: Matrix, keep: Int
  ) throws
    -> MostLikelyClasses
}
