import CGlyphLabKernels

extension DistanceKernel {
  /// Squared Euclidean distances from one point to rows of a row-major point set, computed
  /// directly as Σ (x − q)² (no norms, so no cancellation), for the few rows a search has
  /// not ruled out. `out[i]` is the distance to row `rows[i]`, or to row `i` when `rows` is
  /// nil (then `count` rows from the start).
  ///
  /// Every instruction-set build (``scanInstructionSet``) adds in the same order, so the
  /// values are identical on every CPU.
  ///
  /// - Complexity: O(count · dimension).
  package static func squaredDistances(
    from query: UnsafePointer<Float>, to points: UnsafePointer<Float>, dimension: Int,
    rows: UnsafeBufferPointer<Int32>?, count: Int, into out: UnsafeMutablePointer<Float>
  ) {
    guard count > 0 else { return }
    glyphlab_squared_distances_rows(query, points, Int64(dimension), rows?.baseAddress, Int64(count), out)
  }
}
