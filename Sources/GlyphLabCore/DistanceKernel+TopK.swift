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
    let shape = tileShape(queries: n, references: references.rows)
    var tile = [Float](repeating: 0, count: shape.queries * shape.references)

    prepared.columnTerms.withUnsafeBufferPointer { terms in
      tile.withUnsafeMutableBufferPointer { tp in
        values.withUnsafeMutableBufferPointer { vp in
          indices.withUnsafeMutableBufferPointer { ip in
            let tileBase = tp.baseAddress!
            let vBase = vp.baseAddress!
            let iBase = ip.baseAddress!
            var q0 = 0
            while q0 < n {
              let q1 = min(n, q0 + shape.queries)
              let block = prepareQueries(queries.rows(q0..<q1))
              for i in 0..<(q1 - q0) { rowTerms[q0 + i] = block.rowTerms[i] }
              var r0 = 0
              while r0 < references.rows {
                let r1 = min(references.rows, r0 + shape.references)
                let width = r1 - r0
                productTile(
                  queries: block.matrix, references: prepared.matrix.rows(r0..<r1), into: tileBase)
                let termBase = terms.baseAddress! + r0
                Parallel.forEachChunk(count: q1 - q0, minimumChunk: 16) { rows in
                  for i in rows {
                    mergeRow(
                      tileBase + i * width, termBase, count: width, firstIndex: r0,
                      values: vBase + (q0 + i) * kk, indices: iBase + (q0 + i) * kk, k: kk)
                  }
                }
                r0 = r1
              }
              q0 = q1
            }
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

/// Merges one tile row into a row's sorted best-k list (values ascending, ties by index).
@inline(__always)
func mergeRow(
  _ row: UnsafePointer<Float>, _ terms: UnsafePointer<Float>, count: Int, firstIndex: Int,
  values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>, k: Int
) {
  var worst = values[k - 1]
  for j in 0..<count {
    let v = row[j] + terms[j]
    if v < worst {
      // Insert after every kept value ≤ v, so equal values keep the earlier (lower) index.
      var p = k - 1
      while p > 0 && values[p - 1] > v {
        values[p] = values[p - 1]
        indices[p] = indices[p - 1]
        p -= 1
      }
      values[p] = v
      indices[p] = Int32(firstIndex + j)
      worst = values[k - 1]
    }
  }
}
