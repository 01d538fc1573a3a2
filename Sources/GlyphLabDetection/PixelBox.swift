/// An axis-aligned box of whole pixels on a page: the pixels `x..<x + width` ×
/// `y..<y + height`, the same (x, y, w, h) convention as the dataset's page boxes.
public struct PixelBox: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Left column.
  public var x: Int
  /// Top row.
  public var y: Int
  /// Width in pixels (0 for an empty box).
  public var width: Int
  /// Height in pixels (0 for an empty box).
  public var height: Int

  /// A box from its corner and size.
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  /// The box covering columns `x0..<x1` and rows `y0..<y1` (empty if either range is).
  public init(x0: Int, y0: Int, x1: Int, y1: Int) {
    self.init(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
  }

  /// One past the right column.
  public var maxX: Int { x + width }
  /// One past the bottom row.
  public var maxY: Int { y + height }
  /// The number of pixels.
  public var area: Int { width * height }
  /// Whether it holds no pixel.
  public var isEmpty: Bool { width <= 0 || height <= 0 }
  /// The centre, in pixel coordinates.
  public var center: (x: Double, y: Double) { (Double(x) + Double(width) / 2, Double(y) + Double(height) / 2) }

  /// The smallest box holding both (an empty box is ignored).
  public func union(_ other: PixelBox) -> PixelBox {
    if isEmpty { return other }
    if other.isEmpty { return self }
    return PixelBox(x0: min(x, other.x), y0: min(y, other.y), x1: max(maxX, other.maxX), y1: max(maxY, other.maxY))
  }

  /// The pixels both boxes hold (empty if they do not overlap).
  public func intersection(_ other: PixelBox) -> PixelBox {
    PixelBox(x0: max(x, other.x), y0: max(y, other.y), x1: min(maxX, other.maxX), y1: min(maxY, other.maxY))
  }

  /// Intersection over union of the two boxes' pixel sets: 0 when they do not overlap or
  /// both are empty.
  public func intersectionOverUnion(_ other: PixelBox) -> Double {
    let shared = intersection(other).area
    let union = area + other.area - shared
    return union > 0 ? Double(shared) / Double(union) : 0
  }

  /// The box grown by `dx` columns and `dy` rows on each side, then clipped to `bounds`.
  public func expanded(dx: Int, dy: Int, within bounds: PixelBox) -> PixelBox {
    PixelBox(x0: x - dx, y0: y - dy, x1: maxX + dx, y1: maxY + dy).intersection(bounds)
  }

  /// "x,y,w,h".
  public var description: String { "\(x),\(y),\(width),\(height)" }
}
