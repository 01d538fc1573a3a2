import CBLAS

extension Matrix {
  /// ‖row‖² for every row.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func rowSquaredNorms() -> [Float] {
    var norms = [Float](repeating: 0, count: rows)
    let d = columns
    guard d > 0 else { return norms }
    withUnsafeBufferPointer { p in
      norms.withUnsafeMutableBufferPointer { out in
        let base = p.baseAddress!
        let outBase = out.baseAddress!
        Parallel.forEachChunk(count: rows, minimumChunk: 256) { range in
          for i in range {
            let r = base + i * d
            outBase[i] = cblas_sdot(Int32(d), r, 1, r, 1)
          }
        }
      }
    }
    return norms
  }

  /// Each row divided by its Euclidean norm. Rows of norm zero stay zero, as in
  /// scikit-learn's `normalize`.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func rowNormalized() -> Matrix {
    var out = self
    out.normalizeRows()
    return out
  }

  /// Divides each row by its Euclidean norm in place; rows of norm zero stay zero.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public mutating func normalizeRows() {
    let norms = rowSquaredNorms()
    let d = columns
    let n = rows
    guard d > 0 else { return }
    withUnsafeMutableBufferPointer { p in
      let base = p.baseAddress!
      Parallel.forEachChunk(count: n, minimumChunk: 256) { range in
        for i in range where norms[i] > 0 {
          cblas_sscal(Int32(d), 1 / norms[i].squareRoot(), base + i * d, 1)
        }
      }
    }
  }

  /// The mean of each column, accumulated in double precision.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func columnMeans() -> [Float] {
    guard rows > 0 else { return [Float](repeating: 0, count: columns) }
    var sums = [Double](repeating: 0, count: columns)
    withUnsafeBufferPointer { p in
      for i in 0..<rows {
        for j in 0..<columns { sums[j] += Double(p[i * columns + j]) }
      }
    }
    return sums.map { Float($0 / Double(rows)) }
  }

  /// Subtracts `vector` from every row in place.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public mutating func subtractFromRows(_ vector: [Float]) throws {
    guard vector.count == columns else {
      throw GlyphLabError.shapeMismatch(
        operation: "subtractFromRows",
        detail: "vector has \(vector.count) elements, matrix has \(columns) columns")
    }
    let d = columns
    let n = rows
    withUnsafeMutableBufferPointer { p in
      for i in 0..<n {
        for j in 0..<d { p[i * d + j] -= vector[j] }
      }
    }
  }
}
