import GlyphLabCore

/// A few misrecognised glyphs of one run with their images, so the report can draw them
/// beside what they were taken for from the log alone: for each, the glyph's image and the
/// image of a glyph of the class it was given (`predictions/errors/` in the log).
public struct ErrorSample: Sendable, Equatable {
  /// The misrecognised glyphs (indices into the run's glyphs).
  public var indices: [Int]
  /// For each, a glyph whose true class is the one it was given (−1 if the run has none).
  public var exemplars: [Int]
  /// The misrecognised glyphs' images, in ``indices`` order.
  public var images: GlyphImages
  /// The exemplars' images (blank where an exemplar is −1).
  public var exemplarImages: GlyphImages

  /// A sample; the image sets must have one image per index.
  public init(indices: [Int], exemplars: [Int], images: GlyphImages, exemplarImages: GlyphImages) throws {
    guard indices.count == exemplars.count, images.count == indices.count, exemplarImages.count == indices.count,
      images.height == exemplarImages.height, images.width == exemplarImages.width
    else {
      throw GlyphLabError.invalidArgument(
        operation: "ErrorSample", name: "images", value: "\(images.count) and \(exemplarImages.count) images",
        reason: "need one image of the same size per error (\(indices.count)) and per exemplar")
    }
    self.indices = indices
    self.exemplars = exemplars
    self.images = images
    self.exemplarImages = exemplarImages
  }
}
