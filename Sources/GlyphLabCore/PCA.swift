import CBLAS
import CLAPACKE

/// Principal component analysis: the covariance by blocked SSYRK, its eigen-decomposition by
/// LAPACKE (`dsyevd`), with explained variance and optional whitening, as scikit-learn's
/// `PCA(svd_solver="covariance_eigh")`.
public struct PCA: Sendable {
  /// Components to keep (default 32); at most the number of columns.
  public var components: Int
  /// Divide each projected coordinate by the square root of its variance (default false).
  public var whiten: Bool
  /// Rows per covariance block; bounds the working memory (default 4,096).
  public var blockRows: Int

  public init(components: Int = 32, whiten: Bool = false, blockRows: Int = 4096) {
    self.components = components
    self.whiten = whiten
    self.blockRows = max(1, blockRows)
  }

  /// Fits on the rows of `x`. Component signs are fixed so that each component's entry of
  /// largest magnitude is positive, which makes the result reproducible.
  ///
  /// Throws on fewer than two rows, `components` outside 1...columns, NaN or infinity, and,
  /// when whitening, on a kept component with zero variance (constant features).
  ///
  /// - Complexity: O(n·d²) for the covariance, O(d³) for the eigen-decomposition;
  ///   O(d² + blockRows·d) extra memory.
  public func fit(_ x: Matrix) throws -> PCAModel {
    let n = x.rows
    let d = x.columns
    guard n >= 2 else {
      throw GlyphLabError.invalidArgument(
        operation: "PCA.fit", name: "rows", value: "\(n)", reason: "need at least 2 rows")
    }
    guard components >= 1, components <= d else {
      throw GlyphLabError.invalidArgument(
        operation: "PCA.fit", name: "components", value: "\(components)",
        reason: "must be between 1 and the number of columns (\(d))")
    }
    try x.requireFinite(operation: "PCA.fit", argument: "x")
    let mean = x.columnMeans()

    // Covariance: per block, center and SSYRK into a float block; accumulate in double.
    var covariance = [Double](repeating: 0, count: d * d)
    var blockCov = [Float](repeating: 0, count: d * d)
    var start = 0
    while start < n {
      let end = min(n, start + blockRows)
      var block = x.rows(start..<end)
      try block.subtractFromRows(mean)
      // Single-threaded: OpenBLAS's threaded SSYRK rounds differently at 1 and 2 threads (in
      // 16,116 of 1,024² elements at d = 1,024 on a Zen 3), and the fit must not depend on them.
      BLAS.withSingleThreadedCalls {
        block.withUnsafeBufferPointer { bp in
          blockCov.withUnsafeMutableBufferPointer { cp in
            cblas_ssyrk(
              CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(end - start), 1,
              bp.baseAddress, Int32(d), 0, cp.baseAddress, Int32(d))
          }
        }
      }
      for i in 0..<d {
        for j in i..<d { covariance[i * d + j] += Double(blockCov[i * d + j]) }
      }
      start = end
    }
    for i in 0..<d {
      for j in i..<d {
        covariance[i * d + j] /= Double(n - 1)
        covariance[j * d + i] = covariance[i * d + j]
      }
    }
    let totalVariance = (0..<d).reduce(0.0) { $0 + covariance[$1 * d + $1] }

    var eigenvalues = [Double](repeating: 0, count: d)
    // LAPACK's blocked steps call threaded BLAS: single-threaded, for the same reason.
    let info = BLAS.withSingleThreadedCalls {
      covariance.withUnsafeMutableBufferPointer { a in
        eigenvalues.withUnsafeMutableBufferPointer { w in
          glyphlab_dsyevd(
            CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), glyphlab_lapack_int(d),
            a.baseAddress, glyphlab_lapack_int(d), w.baseAddress)
        }
      }
    }
    guard info == 0 else { throw GlyphLabError.lapack(routine: "LAPACKE_dsyevd", info: Int(info)) }

    // Eigenvalues ascend; eigenvectors are columns. Take the largest, flip signs.
    var componentValues = [Float](repeating: 0, count: components * d)
    var variances = [Float](repeating: 0, count: components)
    for c in 0..<components {
      let column = d - 1 - c
      var largest = 0.0
      for j in 0..<d where abs(covariance[j * d + column]) > abs(largest) {
        largest = covariance[j * d + column]
      }
      let sign: Double = largest < 0 ? -1 : 1
      for j in 0..<d { componentValues[c * d + j] = Float(sign * covariance[j * d + column]) }
      variances[c] = Float(max(0, eigenvalues[column]))
    }
    if whiten, let c = variances.firstIndex(where: { $0 <= 1e-12 * max(variances[0], 1e-30) }) {
      throw GlyphLabError.invalidArgument(
        operation: "PCA.fit", name: "components", value: "\(components)",
        reason:
          "component \(c) has zero variance (constant features), so it cannot be whitened; keep fewer components or set whiten = false"
      )
    }
    return PCAModel(
      mean: mean,
      components: try Matrix(rows: components, columns: d, elements: componentValues),
      explainedVariance: variances,
      explainedVarianceRatio: variances.map { totalVariance > 0 ? Float(Double($0) / totalVariance) : 0 },
      whiten: whiten)
  }
}
