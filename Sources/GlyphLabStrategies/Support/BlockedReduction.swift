import GlyphLabCore

/// Deterministic parallel sums: the index range is cut into blocks of a fixed size (never
/// derived from the thread count), each block's partial sum is computed on whichever thread
/// gets it, and the partials are added in block order. The result is therefore the same
/// for every ``BLAS/threadCount``.
enum BlockedReduction {
  /// Rows per block.
  static let defaultBlockSize = 4096

  /// `Σ partial(block)` over the blocks of `0..<count`, added in block order.
  ///
  /// - Complexity: the cost of the `partial` calls, spread over the threads, plus O(blocks).
  static func sum(
    count: Int, blockSize: Int = defaultBlockSize, _ partial: (Range<Int>) -> Double
  ) -> Double {
    blockTotals(count: count, blockSize: blockSize, partial).reduce(0, +)
  }

  /// The partial sum of every block of `0..<count`, in block order.
  static func blockTotals(
    count: Int, blockSize: Int = defaultBlockSize, _ partial: (Range<Int>) -> Double
  ) -> [Double] {
    guard count > 0 else { return [] }
    let size = max(1, blockSize)
    let blocks = (count + size - 1) / size
    var totals = [Double](repeating: 0, count: blocks)
    totals.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let base = buffer.baseAddress!
      Parallel.forEachChunk(count: blocks, minimumChunk: 1) { chunk in
        for b in chunk { base[b] = partial((b * size)..<min(count, (b + 1) * size)) }
      }
    }
    return totals
  }
}
