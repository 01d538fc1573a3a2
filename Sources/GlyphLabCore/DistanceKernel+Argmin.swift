import CGlyphLabKernels

extension DistanceKernel {
  /// The nearest reference of every query, fused over the distance tiles: each tile's SGEMM
  /// output is scanned once, while it is still in cache, and never stored whole.
  ///
  /// Ties go to the lowest reference index. Throws on mismatched columns, NaN or infinity,
  /// or an empty reference set.
  ///
  /// - Complexity: O(n·m·d) time; O(n + ``tileBytes``) extra memory.
  public func argmin(queries: Matrix, references: Matrix) throws -> NearestResult {
    try validate(queries: queries, references: references, operation: "argmin")
    guard references.rows > 0 || queries.rows == 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "argmin", name: "references", value: "0 rows",
        reason: "there is nothing to be nearest to")
    }
    let n = queries.rows
    var bestValue = [Float](repeating: .infinity, count: n)
    var bestIndex = [Int32](repeating: 0, count: n)
    var rowTerms = [Float](repeating: 0, count: n)
    let prepared = prepare(references)
    bestValue.withUnsafeMutableBufferPointer { bv in
      bestIndex.withUnsafeMutableBufferPointer { bi in
        rowTerms.withUnsafeMutableBufferPointer { rt in
          nonisolated(unsafe) let bvBase = bv.baseAddress!
          nonisolated(unsafe) let biBase = bi.baseAddress!
          fusedTiles(queries: queries, prepared: prepared, rowTerms: rt.baseAddress!) {
            tile, queryRange, referenceRange, terms in
            glyphlab_argmin_rows(
              tile, Int64(queryRange.count), Int64(referenceRange.count), terms,
              bvBase + queryRange.lowerBound, biBase + queryRange.lowerBound,
              Int32(referenceRange.lowerBound))
          }
        }
      }
    }
    let high = upperClamp
    var distances = [Float](repeating: 0, count: n)
    for i in 0..<n { distances[i] = min(high, max(0, bestValue[i] + rowTerms[i])) }
    return NearestResult(indices: bestIndex, distances: distances)
  }
}
