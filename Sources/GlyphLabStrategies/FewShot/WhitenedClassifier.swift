import GlyphLabCore

/// A classifier that first learns ``WithinClassWhitening`` from its support set and then
/// sees support and queries through it: the model adapts its metric to the labels people
/// have given so far, so glyphs of one character in different editions come closer.
public struct WhitenedClassifier: FewShotClassifier {
  /// The classifier run on the whitened rows.
  public var base: any FewShotClassifier
  /// Shrinkage of the within-class covariance (default 0.1).
  public var shrinkage: Double

  public init(_ base: any FewShotClassifier, shrinkage: Double = 0.1) {
    self.base = base
    self.shrinkage = shrinkage
  }

  /// "wccn+<base>".
  public var name: String { "wccn+\(base.name)" }

  /// - Complexity: O(n·d² + d³) to learn the transform, O((n + q)·d²) to apply it, plus the
  ///   base classifier's.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    let (support, queries) = try whitened(support: support, labels: supportLabels, queries: queries)
    return try base.predict(support: support, supportLabels: supportLabels, queries: queries)
  }

  /// The base classifier's most likely classes on the whitened rows.
  ///
  /// - Complexity: as ``predict(support:supportLabels:queries:)``, with the base's
  ///   ``FewShotClassifier/predictMostLikely(support:supportLabels:queries:keep:)``.
  public func predictMostLikely(
    support: Matrix, supportLabels: [Int32], queries: Matrix, keep: Int
  ) throws -> MostLikelyClasses {
    let (support, queries) = try whitened(support: support, labels: supportLabels, queries: queries)
    return try base.predictMostLikely(support: support, supportLabels: supportLabels, queries: queries, keep: keep)
  }

  /// Support and queries through the whitening learnt from the support (as given when it
  /// has fewer than 2 rows).
  private func whitened(support: Matrix, labels: [Int32], queries: Matrix) throws -> (Matrix, Matrix) {
    guard support.rows >= 2 else { return (support, queries) }
    let whitening = try WithinClassWhitening.fit(support, labels: labels, shrinkage: shrinkage)
    return (try whitening.transform(support), try whitening.transform(queries))
  }
}
