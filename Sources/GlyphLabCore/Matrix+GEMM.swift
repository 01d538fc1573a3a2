import CBLAS

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable {
  case none
  case transposed

  var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
  /// General matrix multiply on OpenBLAS: `c = alpha · op(a) · op(b) + beta · c`, the same
  /// whatever the thread count (see ``BLAS/sgemm(_:_:m:n:k:alpha:_:lda:_:ldb:beta:_:ldc:)``).
  ///
  /// Shapes are checked and a mismatch throws ``GlyphLabError/shapeMismatch(operation:detail:)``.
  /// Empty shapes are handled: a zero inner dimension scales `c` by `beta`.
  ///
  /// - Complexity: O(m·n·k) floating-point operations, where op(a) is m×k and op(b) is k×n.
  public static func gemm(
    _ a: Matrix, _ transposeA: Transpose = .none, _ b: Matrix, _ transposeB: Transpose = .none,
    alpha: Float = 1, beta: Float = 0, into c: inout Matrix
  ) throws {
    let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
    let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
    guard k == kb, c.rows == m, c.columns == n else {
      throw GlyphLabError.shapeMismatch(
        operation: "gemm",
        detail: "op(a) is \(m)×\(k), op(b) is \(kb)×\(n), c is \(c.rows)×\(c.columns)")
    }
    if m == 0 || n == 0 { return }
    if k == 0 {
      c.withUnsafeMutableBufferPointer { cp in
        for i in cp.indices { cp[i] = beta == 0 ? 0 : beta * cp[i] }
      }
      return
    }
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        c.withUnsafeMutableBufferPointer { cp in
          BLAS.sgemm(
            transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, ap.baseAddress!, lda: a.columns,
            bp.baseAddress!, ldb: b.columns, beta: beta, cp.baseAddress!, ldc: n)
        }
      }
    }
  }

  /// The product `op(self) · op(other)` in a new matrix.
  ///
  /// - Complexity: O(m·n·k).
  public func multiplied(
    by other: Matrix, transposeSelf: Transpose = .none, transposeOther: Transpose = .none
  ) throws -> Matrix {
    let m = transposeSelf == .none ? rows : columns
    let n = transposeOther == .none ? other.columns : other.rows
    var c = Matrix(rows: m, columns: n)
    try Matrix.gemm(self, transposeSelf, other, transposeOther, into: &c)
    return c
  }
}
