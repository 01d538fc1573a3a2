import GlyphLabCore

/// A way of turning glyph images into feature vectors, before it has seen any data.
///
/// Some extractors learn from data (PCA, whitening) and some do not (pixels, HOG); all are
/// used the same way: fit once on a chosen subset, then extract features of any images of
/// the same size with the fitted extractor:
///
/// ```swift
/// let hogPCA = ComposedFeatures(HOGFeatures(), then: PCAFeatures(components: 64))
/// let fitted = try hogPCA.fitted(on: images.gathering(fitRows), datasetRows: fitRows)
/// let x = try fitted.features(of: images)
/// ```
///
/// `datasetRows` says which dataset row each image is; only extractors that look features
/// up rather than compute them (``PrecomputedFeatures``) need it, the others ignore it.
public protocol FeatureExtractor: Sendable {
  /// A short stable name for logs and reports, e.g. "hog-o9-c8-b3".
  var name: String { get }
  /// Fits on `images` (whose dataset rows are `datasetRows`, if known) and returns the
  /// extractor to apply. Throws ``GlyphLabError`` on bad input, naming the parameter.
  func fitted(on images: GlyphImages, datasetRows: [Int]?) throws -> any FittedFeatureExtractor
}

extension FeatureExtractor {
  /// Fits on `images` without dataset rows.
  public func fitted(on images: GlyphImages) throws -> any FittedFeatureExtractor {
    try fitted(on: images, datasetRows: nil)
  }
}
