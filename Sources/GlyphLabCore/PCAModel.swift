/// A fitted ``PCA``: the mean, the principal axes and their variances.
public struct PCAModel: Sendable, Equatable {
  /// The column means of the fitting data.
  public var mean: [Float]
  /// The principal axes, one per row (`components × columns`), largest variance first.
  public var components: Matrix
  /// The variance along each axis (the covariance eigenvalues, denominator n − 1).
  public var explainedVariance: [Float]
  /// Each axis's share of the total variance.
  public var explainedVarianceRatio: [Float]
  /// Whether ``transform(_:)`` divides by the square root of the variance.
  public var whiten: Bool

  /// Projects the rows of `x` onto the axes: `(x − mean) · componentsᵀ`, whitened if asked.
  ///
  /// - Complexity: O(n·d·k) through one SGEMM per call.
  public func transform(_ x: Matrix) throws -> Matrix {
    guard x.columns == mean.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "PCAModel.transform",
        detail: "input has \(x.columns) columns, the model was fitted on \(mean.count)")
    }
    try x.requireFinite(operation: "PCAModel.transform", argument: "x")
    var centered = x
    try centered.subtractFromRows(mean)
    var out = try centered.multiplied(by: components, transposeOther: .transposed)
    if whiten {
      let scale = explainedVariance.map { 1 / $0.squareRoot() }
      let k = out.columns
      out.withUnsafeMutableBufferPointer { p in
        for i in 0..<(p.count / max(k, 1)) {
          for j in 0..<k { p[i * k + j] *= scale[j] }
        }
      }
    }
    return out
  }
}
