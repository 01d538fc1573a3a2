extension Matrix {
  /// Rows `range` as a matrix that shares this one's storage: O(1), no copy.
  ///
  /// - Complexity: O(1).
  public func rows(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= rows, "Row range out of bounds")
    return Matrix(
      rows: range.count, columns: columns, storage: storage,
      offset: offset + range.lowerBound * columns)
  }

  /// The rows at `indices`, gathered into a new matrix in that order.
  ///
  /// - Complexity: O(`indices.count` × `columns`).
  public func gathering(rows indices: some Collection<Int>) -> Matrix {
    let (count, width) = (indices.count, columns)
    let values = withUnsafeBufferPointer { source in
      [Float](unsafeUninitializedCapacity: count * width) { target, initialized in
        var at = 0
        for i in indices {
          precondition(i >= 0 && i < rows, "Row index out of bounds")
          if width > 0 {
            (target.baseAddress! + at).initialize(from: source.baseAddress! + i * width, count: width)
          }
          at += width
        }
        initialized = count * width
      }
    }
    return Matrix(rows: count, columns: width, storage: values, offset: 0)
  }

  /// The matrix transposed into new storage.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func transposed() -> Matrix {
    var out = [Float](repeating: 0, count: count)
    withUnsafeBufferPointer { src in
      for i in 0..<rows {
        for j in 0..<columns { out[j * rows + i] = src[i * columns + j] }
      }
    }
    return Matrix(rows: columns, columns: rows, storage: out, offset: 0)
  }

  /// A matrix made of `top` followed by `bottom`'s rows.
  public static func stacking(_ parts: [Matrix]) throws -> Matrix {
    let width = parts.first?.columns ?? 0
    var values = [Float]()
    values.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for (i, part) in parts.enumerated() {
      guard part.columns == width else {
        throw GlyphLabError.shapeMismatch(
          operation: "Matrix.stacking",
          detail: "part \(i) has \(part.columns) columns, part 0 has \(width)")
      }
      part.withUnsafeBufferPointer { values.append(contentsOf: $0) }
    }
    return Matrix(rows: values.count / max(width, 1), columns: width, storage: values, offset: 0)
  }
}
