import CGlyphLabKernels

extension DistanceKernel {
  /// Squared Euclidean distances from `queryCount` points (row-major at `queries`) to rows of
  /// a row-major point set, computed directly as Σ (x − q)² (no norms, so no cancellation),
  /// for the few rows a search has not ruled out. `out[i * queryCount + q]` is query q's
  /// distance to row `rows[i]`, or to row `i` when `rows` is nil (then `count` rows from the
  /// start). Each row is read once for all the queries.
  ///
  /// Every instruction-set build (``scanInstructionSet``) adds in the same order, so the
  /// values are identical on every CPU, and a query's distances do not depend on the other
  /// queries.
  ///
  /// - Complexity: O(count · queryCount · dimension).
  package static func squaredDistances(
    from queries: UnsafePointer<Float>, queryCount: Int = 1, to points: UnsafePointer<Float>, dimension: Int,
    rows: UnsafeBufferPointer<Int32>?, count: Int, into out: UnsafeMutablePointer<Float>
  ) {
    guard count > 0, queryCount > 0 else { return }
    glyphlab_squared_distances_rows(
      queries, Int64(queryCount), points, Int64(dimension), rows?.baseAddress, Int64(count), out)
  }
}
