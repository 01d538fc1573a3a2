import GlyphLabCore

/// SimpleShot's CL2N when no base classes are at hand: each episode's support rows give the
/// mean that support and query rows are centred on, before L2 normalisation and the base
/// classifier. Only labelled (support) rows are used, so no query information leaks into
/// the transform.
public struct SupportCenteredClassifier<Base: FewShotClassifier>: FewShotClassifier {
  /// The classifier run on the centred, normalised rows.
  public var base: Base

  /// Wraps `base`.
  public init(_ base: Base) { self.base = base }

  /// "cl2n+<base>".
  public var name: String { "cl2n+\(base.name)" }

  /// Centres on the support mean, L2-normalises, then predicts with ``base``.
  ///
  /// - Complexity: O((n + q)·d) plus the base classifier's.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    let transform = try FeatureTransform.centeredL2Normalized(base: support)
    return try TransformedClassifier(base, transform: transform).predict(
      support: support, supportLabels: supportLabels, queries: queries)
  }
}
