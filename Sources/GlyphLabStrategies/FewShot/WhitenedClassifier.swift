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
    guard support.rows >= 2 else {
      return try base.predict(support: support, supportLabels: supportLabels, queries: queries)
    }
    let whitening = try WithinClassWhitening.fit(support, labels: supportLabels, shrinkage: shrinkage)
    return try base.predict(
      support: try whitening.transform(support), supportLabels: supportLabels,
      queries: try whitening.transform(queries))
  }

  /// The base classifier's most likely classes on the whitened rows.
  ///
  /// - Complexity: as ``predict(support:supportLabels:queries:)``, with the base's
  ///   ``FewShotClassifier/predictMostLikely(support:supportLabels:queries:keep:)``.
  public func predictMostLikely(
    support: Matrix, supportLabels: [Int32], queries: Matrix, keep: Int
  ) throws -> MostLikelyClasses {
    guard support.rows >= 2 else {
      return try base.predictMostLikely(support: support, supportLabels: supportLabels, queries: queries, keep: keep)
    }
    let whitening = try WithinClassWhitening.fit(support, labels: supportLabels, shrinkage: shrinkage)
    return try base.predictMostLikely(
      support: try whitening.transform(support), supportLabels: supportLabels,
      queries: try whitening.transform(queries), keep: keep)
  }
}
