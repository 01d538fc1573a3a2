import GlyphLabCore
import GlyphLabNetworks

extension CenterNetDetector {
  /// A page shrunk for the network: `width × height` values (multiples of the stride), paper
  /// about 0 and ink up to about 1, and the factor page coordinates were multiplied by.
  struct Input: Sendable {
    var values: [Float]
    var width: Int
    var height: Int
    var factor: Double
  }

  /// The page's character size in pixels, as ``ScanDetector`` estimates it (which also
  /// refuses a blank, all-ink or oversized page with an error naming the reason).
  static func estimatedSize(pixels: [UInt8], width: Int, height: Int) throws -> Double {
    let found = try ScanDetector().detect(pixels: pixels, width: width, height: height)
    return found.pitch > 0 ? found.pitch : 40
  }

  /// The page shrunk by `factor` (≤ 1) with area averaging, its median grey level
  /// subtracted, scaled to 0…1 and padded with paper to multiples of ``stride``.
  ///
  /// - Complexity: O(`width` × `height`) (a summed-area table).
  static func shrink(pixels: [UInt8], width: Int, height: Int, factor: Double) -> Input {
    var histogram = [Int](repeating: 0, count: 256)
    for p in pixels { histogram[Int(p)] += 1 }
    var median = 0
    var seen = 0
    while median < 255 {
      seen += histogram[median]
      if 2 * seen >= pixels.count { break }
      median += 1
    }
    let f = min(1, max(1e-3, factor))
    let outW = max(1, Int((Double(width) * f).rounded()))
    let outH = max(1, Int((Double(height) * f).rounded()))
    let paddedW = (outW + stride - 1) / stride * stride
    let paddedH = (outH + stride - 1) / stride * stride
    // Summed-area table, (width + 1) × (height + 1).
    var table = [Double](repeating: 0, count: (width + 1) * (height + 1))
    for y in 0..<height {
      var row = 0.0
      for x in 0..<width {
        row += Double(pixels[y * width + x])
        table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1] + row
      }
    }
    var values = [Float](repeating: 0, count: paddedW * paddedH)
    let xs = (0...outW).map { min(width, Int((Double($0) / f).rounded())) }
    let ys = (0...outH).map { min(height, Int((Double($0) / f).rounded())) }
    let offset = Float(median) / 255
    for oy in 0..<outH {
      let (y0, y1) = (ys[oy], max(ys[oy] + 1, ys[oy + 1]))
      for ox in 0..<outW {
        let (x0, x1) = (xs[ox], max(xs[ox] + 1, xs[ox + 1]))
        let (cy0, cy1, cx0, cx1) = (min(y0, height - 1), min(y1, height), min(x0, width - 1), min(x1, width))
        let sum =
          table[cy1 * (width + 1) + cx1] - table[cy0 * (width + 1) + cx1] - table[cy1 * (width + 1) + cx0]
          + table[cy0 * (width + 1) + cx0]
        let mean = sum / Double(max(1, (cy1 - cy0) * (cx1 - cx0)))
        values[oy * paddedW + ox] = Float(mean) / 255 - offset
      }
    }
    return Input(values: values, width: paddedW, height: paddedH, factor: f)
  }
}
