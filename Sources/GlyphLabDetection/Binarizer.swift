import GlyphLabCore

/// Tells ink from paper on a greyscale page (0 = paper, 255 = full ink), by Otsu's global
/// threshold or Sauvola's local one.
///
/// Both first smooth the page with a small box mean (``smoothing``), which averages scanner
/// noise away. The result is a run-length page (``InkRuns``), built row by row: besides the
/// runs, the working memory is the integral images of one band of rows (at most
/// ``integralBytes``), so a huge page of paper costs time, not memory.
public struct Binarizer: Sendable, Equatable {
  /// Otsu (global) or Sauvola (local). Default ``BinarizationMethod/sauvola``.
  public var method: BinarizationMethod
  /// Sauvola: side of the square neighbourhood in pixels, 3...181 (an even side acts as the
  /// next odd one; default 31: several stroke widths, about half a character in 70-pixel
  /// cells).
  public var window: Int
  /// Sauvola: how far below the local mean (in brightness) a pixel must be, scaled by the
  /// local contrast, in [0, 1) (default 0.1; the paper's 0.2 loses faint, damaged strokes,
  /// and smoothing keeps the noise out at 0.1).
  public var k: Double
  /// Sauvola: the dynamic range of the standard deviation, R (default 128 for 8-bit pages).
  public var dynamicRange: Double
  /// The least contrast, in grey levels, for a page to have ink at all (default 40): a page
  /// whose darkest and lightest pixels differ by less is all paper, and, for Otsu, so is a
  /// page whose ink and paper classes have means closer than this (blank paper grain).
  public var minimumContrast: Int
  /// The radius of the box mean taken of every pixel before it is thresholded (default 1:
  /// 3 × 3), which averages scanner noise away; 0 thresholds the raw pixels.
  public var smoothing: Int
  /// Sauvola with smoothing: the raw pixel must also reach this fraction of its threshold
  /// (default 0.5), so smoothing lowers the noise without growing strokes into the paper
  /// beside them.
  public var edgeGuard: Double
  /// The working memory for one band's integral images, in bytes (default 32 MiB; a band
  /// holds at least one window of rows).
  public var integralBytes: Int

  /// A binarizer; see each property for its meaning and default.
  public init(
    method: BinarizationMethod = .sauvola, window: Int = 31, k: Double = 0.1, dynamicRange: Double = 128,
    minimumContrast: Int = 40, smoothing: Int = 1, edgeGuard: Double = 0.5, integralBytes: Int = 32 << 20
  ) {
    self.method = method
    self.window = window
    self.k = k
    self.dynamicRange = dynamicRange
    self.minimumContrast = minimumContrast
    self.smoothing = smoothing
    self.edgeGuard = edgeGuard
    self.integralBytes = integralBytes
  }

  /// Otsu's threshold for a histogram of grey levels: the level `t` that maximises the
  /// between-class variance of the classes `≤ t` (paper) and `> t` (ink); the lowest such `t`
  /// on ties, as scikit-image's `threshold_otsu` picks the first maximum. `nil` when the
  /// histogram has fewer than two occupied levels (nothing to separate).
  ///
  /// - Complexity: O(levels).
  public static func otsuThreshold(histogram: [Int]) -> Int? {
    var total = 0.0
    var weighted = 0.0
    var occupied = 0
    for (level, count) in histogram.enumerated() where count > 0 {
      total += Double(count)
      weighted += Double(level) * Double(count)
      occupied += 1
    }
    guard occupied >= 2 else { return nil }
    var best = -1.0
    var threshold = 0
    var below = 0.0
    var belowWeighted = 0.0
    for t in 0..<(histogram.count - 1) {
      below += Double(histogram[t])
      belowWeighted += Double(t) * Double(histogram[t])
      let above = total - below
      guard below > 0, above > 0 else { continue }
      let m0 = belowWeighted / below
      let m1 = (weighted - belowWeighted) / above
      let between = below * above * (m0 - m1) * (m0 - m1)
      // A relative tolerance keeps ties (flat maxima) deterministic across rounding.
      if between > best * (1 + 1e-12) {
        best = between
        threshold = t
      }
    }
    return threshold
  }

  /// The ink of a `width × height` page (`pixels` row by row, 0 = paper, 255 = ink) as runs.
  /// Throws for a size that does not match the pixels, a parameter out of range (see
  /// ``validate()``), or when the page has more than `maximumRuns` runs of ink (a memory
  /// bound: 12 bytes per run). The working memory is otherwise bounded by ``integralBytes``
  /// plus a few rows, whatever the page size.
  ///
  /// - Complexity: O(`width` × `height`) time for both methods.
  public func runs(pixels: [UInt8], width: Int, height: Int, maximumRuns: Int = .max) throws -> InkRuns {
    guard width >= 0, height >= 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "Binarizer", name: "size", value: "\(width)×\(height)", reason: "must not be negative")
    }
    let (area, overflow) = width.multipliedReportingOverflow(by: height)
    guard !overflow, pixels.count == area else {
      throw GlyphLabError.shapeMismatch(
        operation: "Binarizer", detail: "\(pixels.count) pixels for a \(width)×\(height) page")
    }
    try validate()
    var builder = InkRunsBuilder(width: width, height: height)
    guard area > 0, Self.contrast(pixels) >= minimumContrast else { return builder.finish() }
    let limit = maximumRuns
    let check = { (builder: InkRunsBuilder) throws in
      if builder.count > limit {
        throw GlyphLabError.memoryLimit(operation: "Binarizer: ink runs", bytes: builder.count * 12, limit: limit * 12)
      }
    }
    switch method {
    case .otsu:
      var histogram = [Int](repeating: 0, count: 256)
      try scan(pixels, width: width, height: height, statistics: false) { _, _, values, _, _ in
        for v in values { histogram[Int(v.rounded())] += 1 }
      }
      guard let t = Self.otsuThreshold(histogram: histogram), Self.classGap(histogram, t) >= Double(minimumContrast)
      else { break }
      let level = Float(t)
      let row = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: width)
      defer { row.deallocate() }
      try scan(pixels, width: width, height: height, statistics: false) { _, _, values, _, _ in
        for x in 0..<width { row[x] = values[x].rounded() > level ? 1 : 0 }
        builder.appendRow(UnsafeBufferPointer(row))
        try check(builder)
      }
    case .sauvola:
      let k = Float(self.k)
      let inverseRange = Float(1 / dynamicRange)
      let row = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: width)
      defer { row.deallocate() }
      let guardFraction = Float(edgeGuard)
      try scan(pixels, width: width, height: height, statistics: true) { _, raw, values, means, deviations in
        for x in 0..<width {
          // Sauvola on brightness b = 255 − p: ink when b ≤ m_b (1 + k (s / R − 1)), i.e.
          // p ≥ 255 − threshold; the raw pixel must reach `edgeGuard` of that level.
          let level = 255 - (255 - means[x]) * (1 + k * (deviations[x] * inverseRange - 1))
          row[x] = values[x] >= level && Float(raw[x]) >= guardFraction * level ? 1 : 0
        }
        builder.appendRow(UnsafeBufferPointer(row))
        try check(builder)
      }
    }
    return builder.finish()
  }

  /// Throws naming the first parameter out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "Binarizer", name: name, value: "\(value)", reason: reason)
    }
    guard (3...181).contains(window) else { throw fail("window", window, "must be in 3...181") }
    guard k.isFinite, k >= 0, k < 1 else { throw fail("k", k, "must be in [0, 1)") }
    guard dynamicRange.isFinite, dynamicRange > 0 else { throw fail("dynamicRange", dynamicRange, "must be positive") }
    guard (0...255).contains(minimumContrast) else {
      throw fail("minimumContrast", minimumContrast, "must be in 0...255")
    }
    guard (0...90).contains(smoothing) else { throw fail("smoothing", smoothing, "must be in 0...90") }
    guard edgeGuard.isFinite, (0...1).contains(edgeGuard) else {
      throw fail("edgeGuard", edgeGuard, "must be in [0, 1]")
    }
    guard integralBytes > 0 else { throw fail("integralBytes", integralBytes, "must be positive") }
  }

  /// The difference between the page's darkest and lightest pixel.
  static func contrast(_ pixels: [UInt8]) -> Int {
    pixels.withUnsafeBufferPointer { page in
      var low: UInt8 = 255
      var high: UInt8 = 0
      for p in page {
        low = min(low, p)
        high = max(high, p)
      }
      return page.isEmpty ? 0 : Int(high) - Int(low)
    }
  }

  /// The ink of a page as bytes, 1 for ink and 0 for paper (see ``runs(pixels:width:height:maximumRuns:)``).
  ///
  /// - Complexity: O(`width` × `height`).
  public func binarize(pixels: [UInt8], width: Int, height: Int) throws -> [UInt8] {
    try runs(pixels: pixels, width: width, height: height).pixels()
  }

  /// The distance between the means of the classes `≤ t` and `> t`.
  static func classGap(_ histogram: [Int], _ t: Int) -> Double {
    var n0 = 0.0
    var s0 = 0.0
    var n1 = 0.0
    var s1 = 0.0
    for (level, count) in histogram.enumerated() {
      if level <= t {
        n0 += Double(count)
        s0 += Double(level * count)
      } else {
        n1 += Double(count)
        s1 += Double(level * count)
      }
    }
    guard n0 > 0, n1 > 0 else { return 0 }
    return s1 / n1 - s0 / n0
  }

  /// Calls `body` for every row, top to bottom, with the row's pixels, its values (each
  /// pixel's mean over the (2 ``smoothing`` + 1)² square around it) and, with `statistics`,
  /// the mean and standard deviation of the pixels in the ``window`` × ``window`` square
  /// around each pixel. Squares are clipped to the page. Both come from integral images
  /// (sums and sums of squares) of bands of rows, each band's images covering the band and
  /// half a square above and below it, within ``integralBytes``. The integral images wrap
  /// around in 32 bits; a square's sum, a difference of four entries, is still exact as
  /// long as it fits in 31 bits (255² × 33,000 pixels: windows up to 181 × 181).
  private func scan(
    _ pixels: [UInt8], width: Int, height: Int, statistics: Bool,
    _ body: (
      Int, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
      UnsafeBufferPointer<Float>
    ) throws -> Void
  ) throws {
    let radius = max(0, smoothing)
    let half = statistics ? max(1, window / 2) : 0
    let margin = max(radius, half)
    let stride = width + 1
    let rowsFit = max(2 * margin + 2, integralBytes / max(1, 8 * stride))
    let bandRows = max(1, rowsFit - 2 * margin - 1)
    // Filled before being read: no need to zero them.
    let entries = (min(height, bandRows + 2 * margin) + 1) * stride
    let s = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: entries)
    let q = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: entries)
    let v = UnsafeMutableBufferPointer<Float>.allocate(capacity: width)
    let m = UnsafeMutableBufferPointer<Float>.allocate(capacity: statistics ? width : 0)
    let d = UnsafeMutableBufferPointer<Float>.allocate(capacity: statistics ? width : 0)
    defer {
      for buffer in [s, q] { buffer.deallocate() }
      for buffer in [v, m, d] { buffer.deallocate() }
    }
    try pixels.withUnsafeBufferPointer { page in
      var bandStart = 0
      while bandStart < height {
        let bandEnd = min(height, bandStart + bandRows)
        let top = max(0, bandStart - margin)
        let bottom = min(height, bandEnd + margin)
        Self.integrate(page, width: width, rows: top..<bottom, sums: s, squares: q)
        for y in bandStart..<bandEnd {
          let raw = UnsafeBufferPointer(rebasing: page[(y * width)..<((y + 1) * width)])
          if radius == 0 {
            for x in 0..<width { v[x] = Float(raw[x]) }
          } else {
            let rows = Self.rows(y, half: radius, height: height, top: top, stride: stride)
            Self.squareSums(rows, width: width, half: radius, table: s) { x, n, sum in v[x] = Float(sum) / n }
          }
          if statistics {
            let rows = Self.rows(y, half: half, height: height, top: top, stride: stride)
            Self.squareSums(rows, width: width, half: half, table: s) { x, n, sum in m[x] = Float(sum) / n }
            Self.squareSums(rows, width: width, half: half, table: q) { x, n, sum in
              let mean = m[x]
              d[x] = max(0, Float(sum) / n - mean * mean).squareRoot()
            }
          }
          try body(y, raw, UnsafeBufferPointer(v), UnsafeBufferPointer(m), UnsafeBufferPointer(d))
        }
        bandStart = bandEnd
      }
    }
  }

  /// The offsets of the integral-image rows bounding the square rows around row `y`, and
  /// how many page rows the square holds.
  private static func rows(_ y: Int, half: Int, height: Int, top: Int, stride: Int) -> (a: Int, b: Int, count: Int) {
    let r0 = max(0, y - half)
    let r1 = min(height, y + half + 1)
    return ((r0 - top) * stride, (r1 - top) * stride, r1 - r0)
  }

  /// Integral images of `rows` (wrapping in 32 bits): entry (r, c) sums rows
  /// `rows.lowerBound..<rows.lowerBound + r` and columns `0..<c`.
  private static func integrate(
    _ page: UnsafeBufferPointer<UInt8>, width: Int, rows: Range<Int>, sums s: UnsafeMutableBufferPointer<UInt32>,
    squares q: UnsafeMutableBufferPointer<UInt32>
  ) {
    let stride = width + 1
    for c in 0...width {
      s[c] = 0
      q[c] = 0
    }
    for r in 0..<rows.count {
      var rowSum: UInt32 = 0
      var rowSquares: UInt32 = 0
      let source = (rows.lowerBound + r) * width
      let above = r * stride
      let here = (r + 1) * stride
      s[here] = 0
      q[here] = 0
      for c in 0..<width {
        let v = UInt32(page[source + c])
        rowSum &+= v
        rowSquares &+= v &* v
        s[here + c + 1] = s[above + c + 1] &+ rowSum
        q[here + c + 1] = q[above + c + 1] &+ rowSquares
      }
    }
  }

  /// Calls `body(x, n, sum)` for every column of a row with the sum of `table`'s square of
  /// half-side `half` around it (clipped to the page) and its number of pixels `n`.
  @inline(__always)
  private static func squareSums(
    _ rows: (a: Int, b: Int, count: Int), width: Int, half: Int, table: UnsafeMutableBufferPointer<UInt32>,
    _ body: (Int, Float, UInt32) -> Void
  ) {
    let (a, b, count) = rows
    let lo = min(half, width)
    let hi = max(lo, width - half)
    for x in 0..<lo {
      let c0 = max(0, x - half)
      let c1 = min(width, x + half + 1)
      body(x, Float(count * (c1 - c0)), table[b + c1] &- table[a + c1] &- table[b + c0] &+ table[a + c0])
    }
    // Away from the left and right edges the square is whole: one count, no clipping.
    if lo < hi, let base = table.baseAddress {
      let n = Float(count * (2 * half + 1))
      let (lowA, lowB, highA, highB) = (base + a - half, base + b - half, base + a + half + 1, base + b + half + 1)
      for x in lo..<hi { body(x, n, highB[x] &- highA[x] &- lowB[x] &+ lowA[x]) }
    }
    for x in hi..<width {
      let c0 = max(0, x - half)
      let c1 = min(width, x + half + 1)
      body(x, Float(count * (c1 - c0)), table[b + c1] &- table[a + c1] &- table[b + c0] &+ table[a + c0])
    }
  }
}
