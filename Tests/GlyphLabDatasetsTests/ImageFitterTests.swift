import GlyphLabDatasets
import Testing

@Suite("Image fitting")
struct ImageFitterTests {
  /// Area average computed directly in 2-D, in Double: output pixel (y, x) of an h×w result
  /// is the mean of the source over the rectangle it covers, pixels weighted by overlap.
  static func naiveAreaAverage(_ source: [UInt8], height: Int, width: Int, h: Int, w: Int) -> [Double] {
    let sy = Double(height) / Double(h)
    let sx = Double(width) / Double(w)
    var out: [Double] = []
    for y in 0..<h {
      for x in 0..<w {
        let (y0, y1, x0, x1) = (Double(y) * sy, Double(y + 1) * sy, Double(x) * sx, Double(x + 1) * sx)
        var sum = 0.0
        for i in 0..<height {
          let oy = min(y1, Double(i + 1)) - max(y0, Double(i))
          guard oy > 0 else { continue }
          for j in 0..<width {
            let ox = min(x1, Double(j + 1)) - max(x0, Double(j))
            if ox > 0 { sum += oy * ox * Double(source[i * width + j]) }
          }
        }
        out.append(sum / (sy * sx))
      }
    }
    return out
  }

  static func pattern(_ height: Int, _ width: Int) -> [UInt8] {
    (0..<(height * width)).map { UInt8(($0 * 37 + ($0 / width) * 11) % 256) }
  }

  @Test(arguments: [(105, 105, 32, 32), (28, 28, 20, 20), (30, 12, 16, 16), (7, 9, 4, 5), (10, 10, 3, 3)])
  func shrinkingMatchesANaiveAreaAverage(_ height: Int, _ width: Int, _ targetH: Int, _ targetW: Int) throws {
    let source = Self.pattern(height, width)
    let fitter = ImageFitter(size: try ImageSize(height: targetH, width: targetW))
    let (h, w) = fitter.scaledSize(height: height, width: width)
    // The aspect ratio is kept: the limiting side fills the target.
    let scale = min(Double(targetH) / Double(height), Double(targetW) / Double(width))
    #expect(h == Int((Double(height) * scale).rounded()))
    #expect(w == Int((Double(width) * scale).rounded()))
    let expected = Self.naiveAreaAverage(source, height: height, width: width, h: h, w: w)
    let output = fitter.fit(source, height: height, width: width)
    let (top, left) = ((targetH - h) / 2, (targetW - w) / 2)
    for y in 0..<targetH {
      for x in 0..<targetW {
        let value = Int(output[y * targetW + x])
        if y >= top && y < top + h && x >= left && x < left + w {
          let reference = expected[(y - top) * w + (x - left)]
          #expect(abs(Double(value) - reference) <= 0.5 + 1e-3, "(\(y), \(x)): \(value) vs \(reference)")
        } else {
          #expect(value == 0, "padding at (\(y), \(x)) must be paper")
        }
      }
    }
  }

  @Test func sameSizeIsACopyAndInversionMapsToInkOnPaper() throws {
    let source = Self.pattern(6, 5)
    let fitter = ImageFitter(size: try ImageSize(height: 6, width: 5))
    #expect(fitter.fit(source, height: 6, width: 5) == source)
    #expect(fitter.fit(source, height: 6, width: 5, invert: true) == source.map { 255 - $0 })
  }

  @Test func smallImagesArePaddedUnlessUpscaled() throws {
    let white = [UInt8](repeating: 255, count: 4 * 2)  // 4 tall, 2 wide, all ink
    let padded = ImageFitter(size: try ImageSize(height: 8, width: 8)).fit(white, height: 4, width: 2)
    // Centred: rows 2..<6, columns 3..<5.
    for y in 0..<8 {
      for x in 0..<8 {
        #expect(padded[y * 8 + x] == ((2..<6).contains(y) && (3..<5).contains(x) ? 255 : 0))
      }
    }
    let upscaled = ImageFitter(size: try ImageSize(height: 8, width: 8), upscale: true)
    #expect(upscaled.scaledSize(height: 4, width: 2) == (8, 4))
    let big = upscaled.fit(white, height: 4, width: 2)
    #expect(big.filter { $0 == 255 }.count == 32)
    // Dark-ink sources are inverted but the padding stays paper.
    let inverted = ImageFitter(size: try ImageSize(height: 8, width: 8)).fit(white, height: 4, width: 2, invert: true)
    #expect(inverted.allSatisfy { $0 == 0 })
  }

  @Test func sizesParse() throws {
    #expect(ImageSize(parsing: "64") == (try ImageSize(height: 64, width: 64)))
    #expect(ImageSize(parsing: "64x48") == (try ImageSize(height: 48, width: 64)))
    #expect(ImageSize(parsing: "64X48")?.description == "64x48")
    for bad in ["", "0", "x", "64x", "-3", "3x4x5", "a"] { #expect(ImageSize(parsing: bad) == nil, "\(bad)") }
    #expect(throws: (any Error).self) { try ImageSize(height: 0, width: 4) }
  }
}
