import Foundation
import GlyphLabCore
import GlyphLabDetection
import Testing

@Suite("Binarizer")
struct BinarizerTests {
  /// Levels 0…3 with counts 2, 1, 1, 3 (N = 7, sum 12). Between-class variance
  /// n0 n1 (m0 − m1)²: t = 0 → 2·5·(0 − 2.4)² = 57.6; t = 1 → 3·4·(1/3 − 2.75)² ≈ 70.08;
  /// t = 2 → 4·3·(0.75 − 3)² = 60.75. So t = 1.
  @Test func otsuThresholdOfAHandComputedHistogram() {
    #expect(Binarizer.otsuThreshold(histogram: [2, 1, 1, 3]) == 1)
    // Empty levels make flat maxima: 0 (4 pixels) against 4, 5 (2 each) is separated equally
    // well by t = 0…3; the first is taken.
    #expect(Binarizer.otsuThreshold(histogram: [4, 0, 0, 0, 2, 2]) == 0)
    // Nothing to separate.
    #expect(Binarizer.otsuThreshold(histogram: [0, 5, 0]) == nil)
    #expect(Binarizer.otsuThreshold(histogram: []) == nil)
  }

  /// Otsu equivalently minimises the within-class variance n0 var0 + n1 var1: a naive
  /// search over every threshold, computed that way, agrees.
  @Test(arguments: [UInt64(4), 5, 6, 7])
  func otsuMatchesANaiveWithinClassSearch(seed: UInt64) {
    var g = SeededGenerator(seed: seed)
    let histogram = (0..<256).map { level in
      // Two bumps and some noise.
      let a = 900 * exp(-Double((level - 40) * (level - 40)) / 300)
      let b = 300 * exp(-Double((level - 190) * (level - 190)) / 800)
      return Int(a + b) + g.uniformInt(below: 5)
    }
    var best = -1
    var bestValue = Double.infinity
    for t in 0..<255 {
      var within = 0.0
      for part in [0...t, (t + 1)...255] {
        let n = part.reduce(0.0) { $0 + Double(histogram[$1]) }
        guard n > 0 else { continue }
        let mean = part.reduce(0.0) { $0 + Double($1 * histogram[$1]) } / n
        within += part.reduce(0.0) { $0 + Double(histogram[$1]) * (Double($1) - mean) * (Double($1) - mean) }
      }
      if best < 0 || within < bestValue - 1e-9 * bestValue.magnitude {
        bestValue = within
        best = t
      }
    }
    #expect(Binarizer.otsuThreshold(histogram: histogram) == best)
  }

  /// A page with random blobs and noise.
  static func page(seed: UInt64, width: Int, height: Int) -> [UInt8] {
    var g = SeededGenerator(seed: seed)
    var pixels = [UInt8](repeating: 0, count: width * height)
    for _ in 0..<12 {
      let (cx, cy, r) = (g.uniformInt(below: width), g.uniformInt(below: height), 2 + g.uniformInt(below: 6))
      let ink = 120 + g.uniformInt(below: 130)
      for y in max(0, cy - r)..<min(height, cy + r) {
        for x in max(0, cx - r)..<min(width, cx + r) { pixels[y * width + x] = UInt8(ink) }
      }
    }
    for i in pixels.indices { pixels[i] = UInt8(min(255, Int(pixels[i]) + g.uniformInt(below: 30))) }
    return pixels
  }

  /// Sauvola, computed naively per pixel in Double from its definition.
  static func naiveSauvola(_ pixels: [UInt8], width: Int, height: Int, binarizer b: Binarizer) -> [UInt8?] {
    func square(_ x: Int, _ y: Int, _ half: Int) -> (mean: Double, deviation: Double) {
      var (n, s, q) = (0.0, 0.0, 0.0)
      for yy in max(0, y - half)..<min(height, y + half + 1) {
        for xx in max(0, x - half)..<min(width, x + half + 1) {
          let v = Double(pixels[yy * width + xx])
          n += 1
          s += v
          q += v * v
        }
      }
      let mean = s / n
      return (mean, max(0, q / n - mean * mean).squareRoot())
    }
    return (0..<(width * height)).map { i in
      let (x, y) = (i % width, i / width)
      let value = square(x, y, b.smoothing).mean
      let (mean, deviation) = square(x, y, b.window / 2)
      let level = 255 - (255 - mean) * (1 + b.k * (deviation / b.dynamicRange - 1))
      let raw = Double(pixels[i])
      // Too close to call in single precision: not compared.
      if abs(value - level) < 1e-2 || abs(raw - b.edgeGuard * level) < 1e-2 { return nil }
      return value >= level && raw >= b.edgeGuard * level ? 1 : 0
    }
  }

  @Test(arguments: [(0, 0.2, 15), (1, 0.1, 31), (2, 0.3, 9)])
  func sauvolaMatchesItsDefinition(smoothing: Int, k: Double, window: Int) throws {
    let (width, height) = (53, 41)
    let pixels = Self.page(seed: UInt64(window), width: width, height: height)
    // A small integral budget forces several bands.
    let binarizer = Binarizer(window: window, k: k, smoothing: smoothing, integralBytes: 4096)
    let bits = try binarizer.binarize(pixels: pixels, width: width, height: height)
    let naive = Self.naiveSauvola(pixels, width: width, height: height, binarizer: binarizer)
    var compared = 0
    for i in pixels.indices {
      guard let expected = naive[i] else { continue }
      compared += 1
      #expect(bits[i] == expected, "pixel \(i % width), \(i / width)")
    }
    #expect(compared > pixels.count * 9 / 10)
    #expect(bits.contains(1))
    // One band or many: the same answer.
    var wide = binarizer
    wide.integralBytes = 64 << 20
    #expect(try wide.binarize(pixels: pixels, width: width, height: height) == bits)
  }

  @Test func otsuSeparatesABimodalPage() throws {
    let (width, height) = (40, 30)
    var pixels = [UInt8](repeating: 20, count: width * height)
    for y in 10..<20 { for x in 5..<25 { pixels[y * width + x] = 200 } }
    let binarizer = Binarizer(method: .otsu, smoothing: 0)
    let bits = try binarizer.binarize(pixels: pixels, width: width, height: height)
    #expect(bits == pixels.map { $0 == 200 ? 1 : 0 })
  }

  @Test(arguments: BinarizationMethod.allCases)
  func pagesWithoutContrastHaveNoInk(method: BinarizationMethod) throws {
    let binarizer = Binarizer(method: method)
    var g = SeededGenerator(seed: 3)
    let (width, height) = (64, 48)
    let grain = (0..<(width * height)).map { _ in UInt8(10 + g.uniformInt(below: 30)) }
    for pixels in [[UInt8](repeating: 0, count: width * height), [UInt8](repeating: 90, count: width * height), grain] {
      #expect(try binarizer.runs(pixels: pixels, width: width, height: height).count == 0)
    }
    #expect(try binarizer.runs(pixels: [], width: 0, height: 0).count == 0)
    #expect(try binarizer.runs(pixels: [], width: 0, height: 7).height == 7)
  }

  @Test func badInputIsAnError() {
    let b = Binarizer()
    #expect(throws: GlyphLabError.self) { try b.runs(pixels: [1, 2, 3], width: 2, height: 2) }
    #expect(throws: GlyphLabError.self) { try b.runs(pixels: [], width: -1, height: 0) }
    #expect(throws: GlyphLabError.self) { try b.runs(pixels: [], width: Int.max, height: 3) }
    for bad in [
      Binarizer(window: 1), Binarizer(window: 500), Binarizer(k: 1), Binarizer(k: .nan), Binarizer(dynamicRange: 0),
      Binarizer(smoothing: -1), Binarizer(edgeGuard: 2), Binarizer(integralBytes: 0),
    ] {
      #expect(throws: GlyphLabError.self) { try bad.runs(pixels: [0, 255], width: 2, height: 1) }
    }
  }

  @Test func tooManyRunsIsAMemoryLimitError() throws {
    // A checkerboard: one run per ink pixel.
    let (width, height) = (40, 40)
    let pixels = (0..<(width * height)).map { ($0 % width + $0 / width) % 2 == 0 ? UInt8(255) : 0 }
    let b = Binarizer(method: .otsu, smoothing: 0)
    #expect(try b.runs(pixels: pixels, width: width, height: height).count == 800)
    #expect(throws: GlyphLabError.self) { try b.runs(pixels: pixels, width: width, height: height, maximumRuns: 100) }
  }
}
