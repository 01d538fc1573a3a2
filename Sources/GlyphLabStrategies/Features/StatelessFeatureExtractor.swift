import GlyphLabCore

/// A ``FeatureExtractor`` that learns nothing: a fixed function of each image. Fitting only
/// records the image size, so that the fitted extractor refuses images of another size
/// (whose feature vectors would not be comparable).
public protocol StatelessFeatureExtractor: FeatureExtractor {
  /// The feature length for images of `height × width`; throws if that size is unusable.
  func dimension(height: Int, width: Int) throws -> Int
  /// The features of `images`, one row per image, for images of any usable size.
  func features(of images: GlyphImages) throws -> Matrix
}

extension StatelessFeatureExtractor {
  /// Checks the image size and returns a ``FixedSizeFeatureExtractor`` for it.
  public func fitted(on images: GlyphImages, datasetRows: [Int]?) throws -> any FittedFeatureExtractor {
    try FixedSizeFeatureExtractor(self, height: images.height, width: images.width)
  }
}
