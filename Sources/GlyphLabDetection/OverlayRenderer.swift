import GlyphLabCore
import GlyphLabImaging

/// Draws a page with box outlines, for looking at detections: the page in grey (paper
/// white, ink black), ground-truth boxes in green, detections in red, erased rules in light
/// blue (drawn first, so boxes stay on top). Outlines are one pixel wide on each box's
/// outermost pixels; where a detection and a truth box coincide, red wins.
public struct OverlayRenderer: Sendable {
  /// Colour of detections (default red).
  public var detectionColor: (UInt8, UInt8, UInt8)
  /// Colour of ground-truth boxes (default green).
  public var truthColor: (UInt8, UInt8, UInt8)
  /// Colour of erased ruling lines (default light blue).
  public var ruleColor: (UInt8, UInt8, UInt8)

  /// A renderer with the default colours.
  public init(
    detectionColor: (UInt8, UInt8, UInt8) = (230, 30, 30), truthColor: (UInt8, UInt8, UInt8) = (20, 170, 40),
    ruleColor: (UInt8, UInt8, UInt8) = (150, 190, 255)
  ) {
    self.detectionColor = detectionColor
    self.truthColor = truthColor
    self.ruleColor = ruleColor
  }

  /// RGB pixels (`width × height × 3`) of the page with the boxes drawn.
  ///
  /// - Complexity: O(`width` × `height` + total box perimeter).
  public func render(
    pixels: [UInt8], width: Int, height: Int, detections: [PixelBox], truth: [PixelBox] = [], rules: [PixelBox] = []
  ) throws -> [UInt8] {
    let (area, overflow) = width.multipliedReportingOverflow(by: height)
    guard width >= 0, height >= 0, !overflow, pixels.count == area, !area.multipliedReportingOverflow(by: 3).overflow
    else {
      throw GlyphLabError.shapeMismatch(
        operation: "OverlayRenderer", detail: "\(pixels.count) pixels for a \(width)×\(height) page")
    }
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    for i in 0..<(width * height) {
      let v = 255 - pixels[i]
      rgb[3 * i] = v
      rgb[3 * i + 1] = v
      rgb[3 * i + 2] = v
    }
    for (boxes, color) in [(rules, ruleColor), (truth, truthColor), (detections, detectionColor)] {
      for box in boxes { outline(box, color, &rgb, width: width, height: height) }
    }
    return rgb
  }

  /// PNG bytes of ``render(pixels:width:height:detections:truth:rules:)``; throws for a 0 × 0 page.
  public func png(
    pixels: [UInt8], width: Int, height: Int, detections: [PixelBox], truth: [PixelBox] = [], rules: [PixelBox] = []
  ) throws -> [UInt8] {
    let rgb = try render(
      pixels: pixels, width: width, height: height, detections: detections, truth: truth, rules: rules)
    return try PNGCodec.encode(pixels: rgb, width: width, height: height, channels: 3)
  }

  private func outline(
    _ box: PixelBox, _ color: (UInt8, UInt8, UInt8), _ rgb: inout [UInt8], width: Int, height: Int
  ) {
    let clipped = box.intersection(PixelBox(x: 0, y: 0, width: width, height: height))
    guard !clipped.isEmpty else { return }
    func paint(_ x: Int, _ y: Int) {
      let i = 3 * (y * width + x)
      rgb[i] = color.0
      rgb[i + 1] = color.1
      rgb[i + 2] = color.2
    }
    for x in clipped.x..<clipped.maxX {
      if box.y == clipped.y { paint(x, clipped.y) }
      if box.maxY == clipped.maxY { paint(x, clipped.maxY - 1) }
    }
    for y in clipped.y..<clipped.maxY {
      if box.x == clipped.x { paint(clipped.x, y) }
      if box.maxX == clipped.maxX { paint(clipped.maxX - 1, y) }
    }
  }
}
