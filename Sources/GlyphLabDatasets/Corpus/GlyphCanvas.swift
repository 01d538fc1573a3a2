import Foundation
import GlyphLabCore

/// A greyscale drawing surface of ink density in [0, 1] (0 paper, 1 full ink), on which
/// glyphs are composed and damaged before being quantised to the dataset's bytes.
struct GlyphCanvas {
  let width: Int
  let height: Int
  var ink: [Float]

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    ink = [Float](repeating: 0, count: width * height)
  }

  /// Draws `coverage` (0…255) with its top-left corner at (`x`, `y`), keeping the darker ink.
  mutating func draw(coverage: [UInt8], width w: Int, height h: Int, x: Int, y: Int, density: Float = 1) {
    for row in 0..<h {
      let cy = y + row
      guard cy >= 0, cy < height else { continue }
      for col in 0..<w {
        let cx = x + col
        guard cx >= 0, cx < width else { continue }
        let value = Float(coverage[row * w + col]) / 255 * density
        let index = cy * width + cx
        if value > ink[index] { ink[index] = value }
      }
    }
  }

  /// A separable box blur of radius `r` (clamped at the edges).
  func boxBlurred(radius r: Int) -> [Float] {
    guard r > 0 else { return ink }
    var temp = [Float](repeating: 0, count: ink.count)
    var out = [Float](repeating: 0, count: ink.count)
    let norm = 1 / Float(2 * r + 1)
    for y in 0..<height {
      for x in 0..<width {
        var s: Float = 0
        for d in -r...r { s += ink[y * width + min(width - 1, max(0, x + d))] }
        temp[y * width + x] = s * norm
      }
    }
    for y in 0..<height {
      for x in 0..<width {
        var s: Float = 0
        for d in -r...r { s += temp[min(height - 1, max(0, y + d)) * width + x] }
        out[y * width + x] = s * norm
      }
    }
    return out
  }

  /// Gaussian blur with standard deviation `sigma` pixels (separable, kernel ±3σ).
  mutating func gaussianBlur(sigma: Double) {
    guard sigma > 0.05 else { return }
    let radius = max(1, Int((3 * sigma).rounded(.up)))
    var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
    let total = kernel.reduce(0, +)
    kernel = kernel.map { $0 / total }
    var temp = [Float](repeating: 0, count: ink.count)
    for y in 0..<height {
      for x in 0..<width {
        var s: Float = 0
        for (k, d) in (-radius...radius).enumerated() {
          s += kernel[k] * ink[y * width + min(width - 1, max(0, x + d))]
        }
        temp[y * width + x] = s
      }
    }
    for y in 0..<height {
      for x in 0..<width {
        var s: Float = 0
        for (k, d) in (-radius...radius).enumerated() {
          s += kernel[k] * temp[min(height - 1, max(0, y + d)) * width + x]
        }
        ink[y * width + x] = s
      }
    }
  }

  /// A smooth random field in [0, 1]: bilinear interpolation of a `cells × cells` grid of
  /// uniform values.
  func smoothField(cells: Int, generator: inout SeededGenerator) -> [Float] {
    let n = max(2, cells)
    let grid = (0..<((n + 1) * (n + 1))).map { _ in generator.uniformFloat() }
    var out = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      let gy = Float(y) / Float(max(1, height - 1)) * Float(n)
      let y0 = min(n - 1, Int(gy))
      let fy = gy - Float(y0)
      for x in 0..<width {
        let gx = Float(x) / Float(max(1, width - 1)) * Float(n)
        let x0 = min(n - 1, Int(gx))
        let fx = gx - Float(x0)
        let a = grid[y0 * (n + 1) + x0]
        let b = grid[y0 * (n + 1) + x0 + 1]
        let c = grid[(y0 + 1) * (n + 1) + x0]
        let d = grid[(y0 + 1) * (n + 1) + x0 + 1]
        out[y * width + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy
      }
    }
    return out
  }

  /// Calls `body` for every pixel within `radius` of (`cx`, `cy`) with its distance.
  func forEachPixel(nearX cx: Double, y cy: Double, radius: Double, _ body: (Int, Double) -> Void) {
    let x0 = max(0, Int((cx - radius).rounded(.down)))
    let x1 = min(width - 1, Int((cx + radius).rounded(.up)))
    let y0 = max(0, Int((cy - radius).rounded(.down)))
    let y1 = min(height - 1, Int((cy + radius).rounded(.up)))
    guard x0 <= x1, y0 <= y1 else { return }
    for y in y0...y1 {
      for x in x0...x1 {
        let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
        if d <= radius { body(y * width + x, d) }
      }
    }
  }

  /// The bytes of the canvas: ink density × 255, rounded and clamped.
  func bytes() -> [UInt8] {
    ink.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
  }

  /// The smallest box (x, y, w, h) holding every pixel with ink ≥ `threshold`, or nil.
  func inkBox(threshold: Float) -> (x: Int, y: Int, w: Int, h: Int)? {
    var minX = width
    var minY = height
    var maxX = -1
    var maxY = -1
    for y in 0..<height {
      for x in 0..<width where ink[y * width + x] >= threshold {
        minX = min(minX, x)
        maxX = max(maxX, x)
        minY = min(minY, y)
        maxY = max(maxY, y)
      }
    }
    return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
  }
}
