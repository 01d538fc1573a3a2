import GlyphLabCore

/// A ``StatelessFeatureExtractor`` bound to one image size: what fitting a stateless
/// extractor returns.
public struct FixedSizeFeatureExtractor<Base: StatelessFeatureExtractor>: FittedFeatureExtractor {
  /// The extractor.
  public let base: Base
  /// The image height it accepts.
  public let height: Int
  /// The image width it accepts.
  public let width: Int
  /// The feature length.
  public let dimension: Int

  /// Binds `base` to `height × width` images; throws if `base` cannot use that size.
  public init(_ base: Base, height: Int, width: Int) throws {
    self.base = base
    self.height = height
    self.width = width
    self.dimension = try base.dimension(height: height, width: width)
  }

  /// The base extractor's name.
  public var name: String { base.name }

  /// The features of `images`; throws ``GlyphLabError/shapeMismatch(operation:detail:)`` if
  /// they are not `height × width`.
  public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
    guard images.height == height, images.width == width else {
      throw GlyphLabError.shapeMismatch(
        operation: name,
        detail: "images are \(images.height)×\(images.width), the extractor was fitted on \(height)×\(width)")
    }
    return try base.features(of: images)
  }
}
