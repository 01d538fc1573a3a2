import GlyphLabCore

/// A binary page (ink or paper) stored as horizontal runs of ink, row by row.
///
/// Memory grows with the ink, not with the page: a blank 20,000 × 20,000 page holds no run.
/// Runs of a row are sorted by their start, never touch or overlap, and rows are stored in
/// order, so the run indices of row `y` are ``runs(inRow:)``.
public struct InkRuns: Sendable, Equatable {
  /// Page width in pixels.
  public let width: Int
  /// Page height in pixels.
  public let height: Int
  /// `height + 1` offsets: row `y`'s runs are `rowOffsets[y]..<rowOffsets[y + 1]`.
  public private(set) var rowOffsets: [Int]
  /// First ink column of each run.
  public private(set) var starts: [Int32]
  /// One past the last ink column of each run.
  public private(set) var ends: [Int32]

  /// An empty (all paper) page of the given size.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    rowOffsets = [Int](repeating: 0, count: self.height + 1)
    starts = []
    ends = []
  }

  /// The runs of a binary image, `width × height` bytes row by row, where any non-zero byte
  /// is ink.
  ///
  /// - Complexity: O(`width` × `height`).
  public init(binary: [UInt8], width: Int, height: Int) throws {
    let (area, overflow) = width.multipliedReportingOverflow(by: height)
    guard width >= 0, height >= 0, !overflow, binary.count == area else {
      throw GlyphLabError.shapeMismatch(
        operation: "InkRuns", detail: "\(binary.count) bytes for a \(width)×\(height) image")
    }
    var builder = InkRunsBuilder(width: width, height: height)
    binary.withUnsafeBufferPointer { buffer in
      for y in 0..<height {
        builder.appendRow(UnsafeBufferPointer(rebasing: buffer[(y * width)..<((y + 1) * width)]))
      }
    }
    self = builder.finish()
  }

  init(width: Int, height: Int, rowOffsets: [Int], starts: [Int32], ends: [Int32]) {
    self.width = width
    self.height = height
    self.rowOffsets = rowOffsets
    self.starts = starts
    self.ends = ends
  }

  /// Number of runs.
  public var count: Int { starts.count }

  /// Number of ink pixels.
  public var inkPixels: Int {
    var total = 0
    for i in 0..<starts.count { total += Int(ends[i] - starts[i]) }
    return total
  }

  /// The indices of row `y`'s runs.
  public func runs(inRow y: Int) -> Range<Int> { rowOffsets[y]..<rowOffsets[y + 1] }

  /// The row of run `r`.
  ///
  /// - Complexity: O(log `height`).
  public func row(ofRun r: Int) -> Int {
    // The last row whose first run is at or before r.
    var lo = 0
    var hi = height
    while lo < hi {
      let mid = (lo + hi) / 2
      if rowOffsets[mid + 1] <= r { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Whether pixel (`x`, `y`) is ink (false outside the page).
  ///
  /// - Complexity: O(log runs in the row).
  public func contains(x: Int, y: Int) -> Bool {
    guard y >= 0, y < height, x >= 0, x < width else { return false }
    var lo = rowOffsets[y]
    var hi = rowOffsets[y + 1]
    // The last run starting at or before x.
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(starts[mid]) <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo > rowOffsets[y] && x < Int(ends[lo - 1])
  }

  /// The number of ink pixels of row `y` within columns `x0..<x1`.
  public func inkCount(row y: Int, from x0: Int, to x1: Int) -> Int {
    guard y >= 0, y < height else { return 0 }
    var total = 0
    for r in runs(inRow: y) {
      let s = max(x0, Int(starts[r]))
      let e = min(x1, Int(ends[r]))
      if e > s { total += e - s }
    }
    return total
  }

  /// The image as bytes, 1 for ink and 0 for paper.
  ///
  /// - Complexity: O(`width` × `height`).
  public func pixels() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
      for r in runs(inRow: y) {
        for x in Int(starts[r])..<Int(ends[r]) { out[y * width + x] = 1 }
      }
    }
    return out
  }

  /// The same page with every pixel inside any of `boxes` turned to paper.
  ///
  /// - Complexity: O(runs × boxes crossing a row), and O(`height`) for the row offsets.
  public func erasing(_ boxes: [PixelBox]) -> InkRuns {
    guard !boxes.isEmpty else { return self }
    // Per row, the column intervals to erase, merged and sorted.
    var holes = [[(Int32, Int32)]](repeating: [], count: height)
    for box in boxes {
      let clipped = box.intersection(PixelBox(x: 0, y: 0, width: width, height: height))
      guard !clipped.isEmpty else { continue }
      for y in clipped.y..<clipped.maxY { holes[y].append((Int32(clipped.x), Int32(clipped.maxX))) }
    }
    var offsets = [Int](repeating: 0, count: height + 1)
    var newStarts: [Int32] = []
    var newEnds: [Int32] = []
    newStarts.reserveCapacity(starts.count)
    newEnds.reserveCapacity(ends.count)
    for y in 0..<height {
      let cuts = Self.merged(holes[y])
      var c = 0
      for r in runs(inRow: y) {
        var s = starts[r]
        let e = ends[r]
        while c < cuts.count && cuts[c].1 <= s { c += 1 }
        var k = c
        while s < e {
          guard k < cuts.count, cuts[k].0 < e else {
            newStarts.append(s)
            newEnds.append(e)
            break
          }
          if cuts[k].0 > s {
            newStarts.append(s)
            newEnds.append(cuts[k].0)
          }
          s = max(s, cuts[k].1)
          k += 1
        }
      }
      offsets[y + 1] = newStarts.count
    }
    return InkRuns(width: width, height: height, rowOffsets: offsets, starts: newStarts, ends: newEnds)
  }

  /// Sorted, disjoint union of half-open intervals.
  private static func merged(_ intervals: [(Int32, Int32)]) -> [(Int32, Int32)] {
    guard intervals.count > 1 else { return intervals }
    let sorted = intervals.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    var out: [(Int32, Int32)] = [sorted[0]]
    for interval in sorted.dropFirst() {
      if interval.0 <= out[out.count - 1].1 {
        out[out.count - 1].1 = max(out[out.count - 1].1, interval.1)
      } else {
        out.append(interval)
      }
    }
    return out
  }
}
