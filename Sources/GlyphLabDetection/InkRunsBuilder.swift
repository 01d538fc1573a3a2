/// Builds ``InkRuns`` one binary row at a time (any non-zero byte is ink).
struct InkRunsBuilder {
  let width: Int
  let height: Int
  private var rowOffsets: [Int]
  private var starts: [Int32] = []
  private var ends: [Int32] = []

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    rowOffsets = [0]
    rowOffsets.reserveCapacity(height + 1)
  }

  /// Runs so far.
  var count: Int { starts.count }

  /// Appends the runs of the next row (`width` bytes).
  ///
  /// - Complexity: O(`width`).
  mutating func appendRow(_ row: UnsafeBufferPointer<UInt8>) {
    var x = 0
    let n = row.count
    while x < n {
      if row[x] == 0 {
        x += 1
        continue
      }
      let s = x
      while x < n && row[x] != 0 { x += 1 }
      starts.append(Int32(s))
      ends.append(Int32(x))
    }
    rowOffsets.append(starts.count)
  }

  /// The runs; rows never appended are paper.
  mutating func finish() -> InkRuns {
    while rowOffsets.count < height + 1 { rowOffsets.append(starts.count) }
    return InkRuns(width: width, height: height, rowOffsets: rowOffsets, starts: starts, ends: ends)
  }
}
