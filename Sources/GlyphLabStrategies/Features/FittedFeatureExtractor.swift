import GlyphLabCore

/// A ``FeatureExtractor`` fitted to its data: maps images to rows of a feature matrix.
public protocol FittedFeatureExtractor: Sendable {
  /// The name of the extractor it was fitted from.
  var name: String { get }
  /// The length of each feature vector.
  var dimension: Int { get }
  /// The features of `images`, one row per image (`images.count × dimension`), where
  /// `datasetRows`, if given, is the dataset row of each image. Throws on images of another
  /// size than the fitted one.
  func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix
}

extension FittedFeatureExtractor {
  /// The features of `images`, without dataset rows.
  public func features(of images: GlyphImages) throws -> Matrix {
    try features(of: images, datasetRows: nil)
  }
}
