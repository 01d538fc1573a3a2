extension ScanDetector {
  /// The extent of the page's text frame, from its rules: along each axis, the longest
  /// stretch of rule pixels in one band of rows (horizontal rules) or of columns (vertical
  /// rules), bridging gaps of at most `bridge` pixels. A stretch shorter than `least` of the
  /// page's width (or height) is no frame, and that axis is nil. So is a stretch that reaches
  /// within `band` pixels of the page's edge: that is what is left of a scan border, not a
  /// frame. The frame's top rule spans the text block only, so the facing page beyond the
  /// binding, the scan border and the margins (page numbers, notes) fall outside it.
  ///
  /// - Parameters:
  ///   - horizontal: where the horizontal rules are (`true` = a rule pixel), row by row.
  ///   - vertical: where the vertical rules are.
  ///   - band: rows (or columns) of one band; a slightly skewed rule stays in a band and
  ///     the next.
  /// - Complexity: O(`width` × `height`).
  static func textFrame(
    horizontal: [Bool], vertical: [Bool], width: Int, height: Int, band: Int, bridge: Int, least: Double
  ) -> (x: Range<Int>?, y: Range<Int>?) {
    let band = max(1, band)
    // Band b covers position i when rule pixels lie at i in rows (or columns)
    // b·band ..< (b + 2)·band.
    func longest(along length: Int, across depth: Int, at: (Int, Int) -> Bool) -> Range<Int>? {
      var best: Range<Int>?
      var covered = [Bool](repeating: false, count: length)
      var b = 0
      while b * band < depth {
        for i in covered.indices { covered[i] = false }
        for d in (b * band)..<min(depth, (b + 2) * band) {
          for i in 0..<length where at(i, d) { covered[i] = true }
        }
        var start = -1
        var last = -1
        func close() {
          guard start >= band, last + 1 <= length - band else { return }
          if last + 1 - start > best?.count ?? 0 { best = start..<(last + 1) }
        }
        for i in 0..<length where covered[i] {
          if start >= 0 && i - last - 1 <= bridge {
            last = i
            continue
          }
          close()
          start = i
          last = i
        }
        close()
        b += 1
      }
      guard let best, Double(best.count) >= least * Double(length) else { return nil }
      return best
    }
    let x = longest(along: width, across: height) { x, y in horizontal[y * width + x] }
    let y = longest(along: height, across: width) { y, x in vertical[y * width + x] }
    return (x, y)
  }
}
