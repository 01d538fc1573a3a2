import GlyphLabCore

/// A classifier that sees its support and query rows through a ``FeatureTransform``, e.g.
/// CL2N followed by nearest prototype (SimpleShot).
public struct TransformedClassifier<Base: FewShotClassifier>: FewShotClassifier {
  /// The transform applied to both the support and the query rows.
  public var transform: FeatureTransform
  /// The classifier that runs on the transformed rows.
  public var base: Base

  /// "<transform>+<base>", e.g. "cl2n+prototype".
  public var name: String { "\(transform.name)+\(base.name)" }

  /// Wraps `base` so that it sees rows transformed by `transform`.
  public init(_ base: Base, transform: FeatureTransform) {
    self.base = base
    self.transform = transform
  }

  /// Transforms the support and query rows, then predicts with ``base``.
  ///
  /// Throws what ``FeatureTransform/apply(_:)`` or the base classifier throws. NaN and
  /// infinite values are refused before transforming, so the message names the input.
  ///
  /// - Complexity: O((n + q)·d) plus the base classifier's.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    guard queries.columns == support.columns else {
      throw GlyphLabError.shapeMismatch(
        operation: name,
        detail: "support rows have \(support.columns) features, queries \(queries.columns)")
    }
    try support.requireFinite(operation: name, argument: "support")
    try queries.requireFinite(operation: name, argument: "queries")
    return try base.predict(
      support: transform.apply(support), supportLabels: supportLabels, queries: transform.apply(queries))
  }
}
