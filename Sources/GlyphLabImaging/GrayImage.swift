/// An 8-bit greyscale image, row-major, one byte per pixel.
public struct GrayImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `height × width` pixels, row by row.
  public var pixels: [UInt8]

  /// An image filled with `value`.
  public init(width: Int, height: Int, fill value: UInt8 = 0) {
    precondition(width >= 0 && height >= 0, "image size must be non-negative")
    self.width = width
    self.height = height
    pixels = [UInt8](repeating: value, count: width * height)
  }

  /// An image over `pixels`; throws if the count is not `width × height`.
  public init(width: Int, height: Int, pixels: [UInt8]) throws {
    guard width >= 0, height >= 0, pixels.count == width * height else {
      throw ImageError(path: "", reason: "\(pixels.count) pixels cannot fill \(width)×\(height)")
    }
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// Pixel (`x`, `y`).
  @inlinable public subscript(x: Int, y: Int) -> UInt8 {
    get { pixels[y * width + x] }
    set { pixels[y * width + x] = newValue }
  }

  /// Every pixel `v` replaced by `255 − v` (paper and ink swap).
  public func inverted() -> GrayImage {
    var out = self
    for i in out.pixels.indices { out.pixels[i] = 255 &- out.pixels[i] }
    return out
  }
}
