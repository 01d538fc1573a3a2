import CBLAS

extension BLAS {
  /// Row-major SGEMM on raw buffers, `c = alpha · op(a) · op(b) + beta · c`, for kernels in
  /// other GlyphLab modules that work on their own storage (the network library's
  /// convolutions). `lda`, `ldb` and `ldc` are row strides in elements. Callers check shapes.
  ///
  /// - Complexity: O(m·n·k).
  package static func sgemm(
    _ transposeA: Transpose, _ transposeB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    _ c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      for i in 0..<m {
        for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
      }
      return
    }
    cblas_sgemm(
      CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(m), Int32(n), Int32(k), alpha, a,
      Int32(max(1, lda)), b, Int32(max(1, ldb)), beta, c, Int32(max(1, ldc)))
  }
}
