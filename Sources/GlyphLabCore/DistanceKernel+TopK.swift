import CGlyphLabKernels

extension DistanceKernel {
  /// The `k` nearest references of every query, fused over the distance tiles.
  ///
  /// Each row keeps a sorted list of its best `k` partial distances; a tile value enters only
  /// when it beats the current k-th, so most of the scan is one comparison. When `k` exceeds
  /// the number of references, every reference is returned (`min(k, references)` columns).
  /// Ties keep the lower index first. Throws on `k ≤ 0`, mismatched columns, NaN or infinity.
  ///
  /// - Complexity: O(n·m·d) time for the GEMMs plus O(n·m) comparisons; O(n·k + ``tileBytes``)
  ///   extra memory.
  public func topK(queries: Matrix, references: Matrix, k: Int) throws -> NeighborsResult {
    guard k > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "topK", name: "k", value: "\(k)", reason: "must be at least 1")
    }
    try validate(queries: queries, references: references, operation: "topK")
    let n = queries.rows
    let kk = min(k, references.rows)
    var values = [Float](repeating: .infinity, count: n * kk)
    var indices = [Int32](repeating: -1, count: n * kk)
    var rowTerms = [Float](repeating: 0, count: n)
    guard kk > 0 else { return NeighborsResult(k: 0, indices: [], distances: []) }
    let prepared = prepare(references)
    values.withUnsafeMutableBufferPointer { vp in
      indices.withUnsafeMutableBufferPointer { ip in
        rowTerms.withUnsafeMutableBufferPointer { rt in
          nonisolated(unsafe) let vBase = vp.baseAddress!
          nonisolated(unsafe) let iBase = ip.baseAddress!
          fusedTiles(queries: queries, prepared: prepared, rowTerms: rt.baseAddress!) {
            tile, queryRange, referenceRange, terms in
            let first = queryRange.lowerBound
            glyphlab_topk_merge_rows(
              tile, Int64(queryRange.count), Int64(referenceRange.count), terms,
              vBase + first * kk, iBase + first * kk, Int64(kk), Int32(referenceRange.lowerBound))
          }
        }
      }
    }
    let high = upperClamp
    for i in 0..<n {
      for c in 0..<kk {
        values[i * kk + c] = min(high, max(0, values[i * kk + c] + rowTerms[i]))
      }
    }
    return NeighborsResult(k: kk, indices: indices, distances: values)
  }
}
