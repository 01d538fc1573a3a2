import GlyphLabCore

/// A learned map from feature vectors to feature vectors (PCA, whitening), fitted on the
/// output of an earlier stage: the second and later stages of ``ComposedFeatures``.
public protocol FeatureStage: Sendable {
  /// A short stable name for logs and reports, e.g. "pca64".
  var name: String { get }
  /// Fits on the rows of `features`. Throws ``GlyphLabError`` on bad input.
  func fitted(on features: Matrix) throws -> any FittedFeatureStage
}
