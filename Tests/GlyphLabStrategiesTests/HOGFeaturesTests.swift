import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("HOGFeatures")
struct HOGFeaturesTests {
  /// A fixed 12 × 10 test image with varied gradients, reproducible in Python as
  /// `np.array([[(y*37 + x*91 + ((x*y) % 13)*17) % 256 for x in range(10)] for y in range(12)], dtype=np.uint8)`.
  static func fixedImage() throws -> GlyphImages {
    var pixels = [UInt8]()
    for y in 0..<12 {
      for x in 0..<10 {
        let value: Int = (y * 37 + x * 91 + ((x * y) % 13) * 17) % 256
        pixels.append(UInt8(value))
      }
    }
    return try GlyphImages(count: 1, height: 12, width: 10, pixels: pixels)
  }

  /// Seeded images: random grey levels, or glyph-like ink strokes (0/255 with some grey edges).
  static func randomImages(
    count: Int, height: Int, width: Int, seed: UInt64, binary: Bool = false
  ) throws -> GlyphImages {
    var g = SeededGenerator(seed: seed)
    var pixels = [UInt8]()
    pixels.reserveCapacity(count * height * width)
    for _ in 0..<count {
      if binary {
        var image = [UInt8](repeating: 0, count: height * width)
        for _ in 0..<6 {  // a few thick random strokes
          let (y0, x0) = (g.uniformInt(below: height), g.uniformInt(below: width))
          let (y1, x1) = (g.uniformInt(below: height), g.uniformInt(below: width))
          for s in 0...40 {
            let y = y0 + (y1 - y0) * s / 40
            let x = x0 + (x1 - x0) * s / 40
            for dy in -1...1 {
              for dx in -1...1 where (0..<height).contains(y + dy) && (0..<width).contains(x + dx) {
                image[(y + dy) * width + x + dx] = dy == 0 && dx == 0 ? 255 : max(image[(y + dy) * width + x + dx], 160)
              }
            }
          }
        }
        pixels += image
      } else {
        for _ in 0..<(height * width) { pixels.append(UInt8(g.uniformInt(below: 256))) }
      }
    }
    return try GlyphImages(count: count, height: height, width: width, pixels: pixels)
  }

  /// An independent, direct transcription of scikit-image's `hog` in double precision:
  /// per-pixel `atan2` and `hypot`, per-cell sums, per-block normalisation.
  static func naive(
    _ images: GlyphImages, index: Int, orientations: Int, cell: Int, block: Int,
    normalization: HOGFeatures.BlockNormalization
  ) -> [Double] {
    let h = images.height
    let w = images.width
    let image = Array(images.image(index)).map(Double.init)
    func pixel(_ y: Int, _ x: Int) -> Double { image[y * w + x] }
    var magnitude = [[Double]](repeating: [Double](repeating: 0, count: w), count: h)
    var orientation = magnitude
    for y in 0..<h {
      for x in 0..<w {
        let gr = (y == 0 || y == h - 1) ? 0 : pixel(y + 1, x) - pixel(y - 1, x)
        let gc = (x == 0 || x == w - 1) ? 0 : pixel(y, x + 1) - pixel(y, x - 1)
        magnitude[y][x] = (gr * gr + gc * gc).squareRoot()
        var degrees = atan2(gr, gc) * 180 / Double.pi
        if degrees < 0 { degrees += 180 }
        orientation[y][x] = degrees >= 180 ? degrees - 180 : degrees
      }
    }
    let cellRows = h / cell
    let cellColumns = w / cell
    var histogram = [[[Double]]](
      repeating: [[Double]](repeating: [Double](repeating: 0, count: orientations), count: cellColumns), count: cellRows
    )
    let width = 180 / Double(orientations)
    for cy in 0..<cellRows {
      for cx in 0..<cellColumns {
        for y in (cy * cell)..<((cy + 1) * cell) {
          for x in (cx * cell)..<((cx + 1) * cell) {
            let bin = min(orientations - 1, Int(orientation[y][x] / width))
            histogram[cy][cx][bin] += magnitude[y][x] / Double(cell * cell)
          }
        }
      }
    }
    var out = [Double]()
    let eps = 1e-5
    for by in 0...(cellRows - block) {
      for bx in 0...(cellColumns - block) {
        var v = [Double]()
        for cy in by..<(by + block) { for cx in bx..<(bx + block) { v += histogram[cy][cx] } }
        let l1 = v.reduce(0) { $0 + abs($1) }
        let l2 = (v.reduce(0) { $0 + $1 * $1 } + eps * eps).squareRoot()
        switch normalization {
        case .l1: v = v.map { $0 / (l1 + eps) }
        case .l1Sqrt: v = v.map { ($0 / (l1 + eps)).squareRoot() }
        case .l2: v = v.map { $0 / l2 }
        case .l2Hys:
          v = v.map { min($0 / l2, 0.2) }
          let again = (v.reduce(0) { $0 + $1 * $1 } + eps * eps).squareRoot()
          v = v.map { $0 / again }
        }
        out += v
      }
    }
    return out
  }

  @Test func matchesScikitImage() throws {
    // Produced with scikit-image 0.26.0 (Python 3.11, NumPy float64) by
    //   python -c "import numpy as np; from skimage.feature import hog; \
    //     img = np.array([[(y*37 + x*91 + ((x*y) % 13)*17) % 256 for x in range(10)] for y in range(12)], dtype=np.uint8); \
    //     print(', '.join(f'{v:.9g}' for v in hog(img, orientations=9, pixels_per_cell=(4, 4), cells_per_block=(2, 2), block_norm='L2-Hys'))); \
    //     print(', '.join(f'{v:.9g}' for v in hog(img, orientations=4, pixels_per_cell=(5, 5), cells_per_block=(1, 1), block_norm='L1')))"
    let l2Hys: [Double] = [
      0.222867185, 0.163095115, 0, 0.0815922867, 0.24911864, 0.24911864, 0, 0.181402941, 0, 0.24911864, 0.235366695,
      0.0411689742, 0.150582692, 0.0313294885, 0.0831854811, 0, 0.0308305335, 0.0431910566, 0, 0, 0.147620336, 0,
      0.24911864, 0.24911864, 0.24911864, 0.24911864, 0.0935458227, 0.22494494, 0.204206481, 0.24911864, 0.24911864, 0,
      0.169881014, 0.12695866, 0.0725181711, 0.24911864, 0, 0, 0.13259779, 0, 0.249887538, 0.249887538, 0.249887538,
      0.249887538, 0.084026156, 0.202053476, 0.183425461, 0.235203662, 0.249887538, 0, 0.152593116, 0.114038744,
      0.0651383781, 0.249887538, 0.220205879, 0, 0, 0.249887538, 0.249887538, 0.0281019947, 0.0686320971, 0.157355314,
      0.143956233, 0.249887538, 0, 0.0735021603, 0.150624584, 0.221218974, 0.0569390544, 0.0291686427, 0, 0.249887538,
    ]
    let l1: [Double] = [
      0.252792315, 0.141760833, 0.461124921, 0.144321848, 0.337526, 0.335022802, 0.195894144, 0.131556963, 0.13722332,
      0.129304527, 0.324630867, 0.408841222, 0.258792275, 0.278900557, 0.366994439, 0.0953126596,
    ]
    let image = try Self.fixedImage()
    let a = try HOGFeatures(orientations: 9, cellSize: 4, blockSize: 2).features(of: image)
    #expect(a.columns == l2Hys.count)
    for (j, expected) in l2Hys.enumerated() { #expect(abs(Double(a[0, j]) - expected) < 2e-6, "L2-Hys \(j)") }
    let b = try HOGFeatures(orientations: 4, cellSize: 5, blockSize: 1, blockNormalization: .l1).features(of: image)
    #expect(b.columns == l1.count)
    for (j, expected) in l1.enumerated() { #expect(abs(Double(b[0, j]) - expected) < 2e-6, "L1 \(j)") }
  }

  @Test func matchesIndependentImplementation() throws {
    let grey = try Self.randomImages(count: 3, height: 48, width: 48, seed: 1)
    let glyphs = try Self.randomImages(count: 3, height: 48, width: 40, seed: 2, binary: true)
    let odd = try Self.randomImages(count: 2, height: 23, width: 31, seed: 3)
    let cases: [(GlyphImages, Int, Int, Int, HOGFeatures.BlockNormalization)] = [
      (grey, 9, 8, 3, .l2Hys), (glyphs, 9, 8, 3, .l2Hys), (glyphs, 9, 6, 2, .l2), (odd, 6, 5, 2, .l1),
      (odd, 12, 3, 1, .l1Sqrt), (grey, 8, 7, 4, .l2Hys),
    ]
    for (images, orientations, cell, block, normalization) in cases {
      let hog = HOGFeatures(
        orientations: orientations, cellSize: cell, blockSize: block, blockNormalization: normalization)
      let x = try hog.features(of: images)
      #expect(x.rows == images.count)
      #expect(
        x.columns == (images.height / cell - block + 1) * (images.width / cell - block + 1) * block * block
          * orientations)
      for i in 0..<images.count {
        let expected = Self.naive(
          images, index: i, orientations: orientations, cell: cell, block: block, normalization: normalization)
        #expect(expected.count == x.columns)
        let worst = zip(x.row(i), expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5, "\(hog.name) image \(i): largest difference \(worst)")
      }
    }
  }

  @Test func blankImagesGiveZeros() throws {
    let blank = try GlyphImages(count: 2, height: 24, width: 24, pixels: [UInt8](repeating: 0, count: 2 * 24 * 24))
    let x = try HOGFeatures().features(of: blank)
    #expect(x.elements.allSatisfy { $0 == 0 })
  }

  @Test func deterministicWhateverTheThreadCount() throws {
    let images = try Self.randomImages(count: 300, height: 32, width: 32, seed: 4, binary: true)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try HOGFeatures().features(of: images)
    BLAS.threadCount = 2
    let two = try HOGFeatures().features(of: images)
    #expect(one == two)
    // Each row is the image's own HOG, whichever batch it was computed in.
    let alone = try HOGFeatures().features(of: images.slice(137..<138))
    #expect(Array(alone.row(0)) == Array(one.row(137)))
  }

  @Test func badInputThrows() throws {
    let images = try Self.randomImages(count: 2, height: 20, width: 20, seed: 5)
    #expect(throws: GlyphLabError.self) { try HOGFeatures().features(of: images) }  // 20 < 3 cells of 8
    #expect(throws: GlyphLabError.self) { try HOGFeatures(orientations: 0).features(of: images) }
    #expect(throws: GlyphLabError.self) { try HOGFeatures(orientations: 181).features(of: images) }
    #expect(throws: GlyphLabError.self) { try HOGFeatures(cellSize: 0).features(of: images) }
    #expect(throws: GlyphLabError.self) { try HOGFeatures(blockSize: 0).features(of: images) }
    let fitted = try HOGFeatures(cellSize: 4, blockSize: 2).fitted(on: images)
    #expect(fitted.dimension == 4 * 4 * 4 * 9)
    let other = try Self.randomImages(count: 1, height: 24, width: 20, seed: 6)
    #expect(throws: GlyphLabError.self) { try fitted.features(of: other) }
  }
}
