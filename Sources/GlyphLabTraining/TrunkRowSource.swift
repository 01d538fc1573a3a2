import GlyphLabCore

/// Where a corpus's trunk outputs are read from, a block of rows at a time: a matrix in
/// memory, or a file streamed block by block (the on-disk feature cache), so that a million
/// glyphs' trunk outputs (4 GB at 1,024 floats a glyph) need not stay resident while the
/// embedding layer is fine-tuned.
///
/// Both give the same values in the same blocks, so what is computed from them is bit for
/// bit the same whichever holds the rows.
public protocol TrunkRowSource: Sendable {
  /// The number of rows (glyphs).
  var rows: Int { get }
  /// The row length (the trunk's output length).
  var columns: Int { get }
  /// Bytes this source keeps in memory between passes.
  var residentBytes: Int { get }

  /// Calls `body` with rows `0..<rows` in consecutive blocks of at most `blockRows` rows,
  /// in order, each with its row range.
  ///
  /// - Complexity: O(rows × columns) reading; memory one block.
  func forEachBlock(rows blockRows: Int, _ body: (Range<Int>, Matrix) throws -> Void) throws

  /// The rows at `indices`, in that order.
  ///
  /// - Complexity: O(`indices.count` × `columns`) for a matrix in memory; one pass over
  ///   every row (``forEachBlock(rows:_:)``) for a streamed source.
  func rows(at indices: [Int]) throws -> Matrix
}

extension TrunkRowSource {
  /// The rows at `indices` in that order, from one pass of blocks of 8,192 rows.
  public func rows(at indices: [Int]) throws -> Matrix { try gathering(rows: indices, blockRows: 8192) }

  /// The rows at `indices` in that order (repeats allowed), from one pass of blocks of
  /// `blockRows` rows; throws naming the first index outside `0..<rows`.
  ///
  /// - Complexity: one pass over every row, plus O(k log k) to order the k indices; memory
  ///   the result and one block.
  public func gathering(rows indices: [Int], blockRows: Int) throws -> Matrix {
    let (total, width) = (rows, columns)
    if let bad = indices.first(where: { $0 < 0 || $0 >= total }) {
      throw GlyphLabError.invalidArgument(
        operation: "trunk rows", name: "row", value: "\(bad)", reason: "must be in 0..<\(total)")
    }
    // Positions in the result, in row order, so each block fills its own.
    let order = indices.indices.sorted { indices[$0] != indices[$1] ? indices[$0] < indices[$1] : $0 < $1 }
    var out = Matrix(rows: indices.count, columns: width)
    var next = 0
    guard !order.isEmpty, width > 0 else { return out }
    try out.withUnsafeMutableBufferPointer { target in
      try forEachBlock(rows: blockRows) { range, block in
        block.withUnsafeBufferPointer { source in
          while next < order.count, indices[order[next]] < range.upperBound {
            let position = order[next]
            let row = indices[position] - range.lowerBound
            _ = UnsafeMutableBufferPointer(rebasing: target[(position * width)..<((position + 1) * width)])
              .update(fromContentsOf: source[(row * width)..<((row + 1) * width)])
            next += 1
          }
        }
      }
    }
    return out
  }
}

/// A matrix in memory is a trunk row source: its blocks are views, with no copy.
extension Matrix: TrunkRowSource {
  public var residentBytes: Int { count * MemoryLayout<Float>.stride }

  public func forEachBlock(rows blockRows: Int, _ body: (Range<Int>, Matrix) throws -> Void) throws {
    var from = 0
    while from < rows {
      let to = min(rows, from + max(1, blockRows))
      try body(from..<to, self.rows(from..<to))
      from = to
    }
  }

  public func rows(at indices: [Int]) throws -> Matrix {
    if let bad = indices.first(where: { $0 < 0 || $0 >= rows }) {
      throw GlyphLabError.invalidArgument(
        operation: "trunk rows", name: "row", value: "\(bad)", reason: "must be in 0..<\(rows)")
    }
    return gathering(rows: indices)
  }
}
