/// A stack of same-size glyph images: `count × height × width` bytes, row-major,
/// where 0 is paper and 255 is ink (the dataset format's convention).
public struct GlyphImages: Sendable, Equatable {
  /// Number of images.
  public let count: Int
  /// Image height and width in pixels.
  public let height: Int
  public let width: Int
  /// `count × height × width` pixels, image by image, row by row.
  public var pixels: [UInt8]

  /// Images over `pixels`; throws if the count does not match the shape.
  public init(count: Int, height: Int, width: Int, pixels: [UInt8]) throws {
    guard count >= 0, height > 0, width > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "GlyphImages", name: "shape", value: "\(count)×\(height)×\(width)",
        reason: "height and width must be positive")
    }
    guard pixels.count == count * height * width else {
      throw GlyphLabError.shapeMismatch(
        operation: "GlyphImages",
        detail: "\(pixels.count) pixels cannot fill \(count)×\(height)×\(width)")
    }
    self.count = count
    self.height = height
    self.width = width
    self.pixels = pixels
  }

  /// Pixels per image.
  public var imageSize: Int { height * width }

  /// The pixels of image `index`.
  public func image(_ index: Int) -> ArraySlice<UInt8> {
    pixels[(index * imageSize)..<((index + 1) * imageSize)]
  }

  /// The images at `indices`, in that order.
  public func gathering(_ indices: some Collection<Int>) -> GlyphImages {
    var out = [UInt8]()
    out.reserveCapacity(indices.count * imageSize)
    for i in indices { out.append(contentsOf: image(i)) }
    // The shape is consistent by construction.
    return GlyphImages(unchecked: indices.count, height: height, width: width, pixels: out)
  }

  /// Images `range`, copied.
  public func slice(_ range: Range<Int>) -> GlyphImages {
    GlyphImages(
      unchecked: range.count, height: height, width: width,
      pixels: Array(pixels[(range.lowerBound * imageSize)..<(range.upperBound * imageSize)]))
  }

  init(unchecked count: Int, height: Int, width: Int, pixels: [UInt8]) {
    self.count = count
    self.height = height
    self.width = width
    self.pixels = pixels
  }
}
