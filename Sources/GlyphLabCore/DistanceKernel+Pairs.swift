extension DistanceKernel {
  /// Streams the distances of every pair i < j of the rows of `points`, for methods that
  /// need all pairs once (agglomerative clustering, DBSCAN) without an n × n matrix.
  ///
  /// `body(i, first, distances)` receives row i's distances to rows `first ..< first +
  /// distances.count`, all after i. Blocks of `blockRows` rows are compared with the rows from
  /// the block's first row on, tile by tile (``forEachTile(queries:references:_:)``), so calls
  /// come in tile order: by block, then reference tile, then row.
  ///
  /// - Complexity: O(n²·d) time; O(``tileBytes``) extra memory.
  public func forEachPair(
    of points: Matrix, blockRows: Int = 256,
    _ body: (Int, Int, UnsafeBufferPointer<Float>) throws -> Void
  ) throws {
    let n = points.rows
    let block = max(1, blockRows)
    var i0 = 0
    while i0 < n - 1 {
      let i1 = min(n - 1, i0 + block)
      try forEachTile(queries: points.rows(i0..<i1), references: points.rows(i0..<n)) {
        queryRows, referenceRows, tile in
        let width = referenceRows.count
        for (qi, q) in queryRows.enumerated() {
          // Only the columns after row i (= i0 + q).
          let lower = max(referenceRows.lowerBound, q + 1)
          guard lower < referenceRows.upperBound else { continue }
          let start = qi * width + (lower - referenceRows.lowerBound)
          try body(i0 + q, i0 + lower, UnsafeBufferPointer(rebasing: tile[start..<(qi * width + width)]))
        }
      }
      i0 = i1
    }
  }
}
