import CLAPACKE
import GlyphLabCore

/// Within-class covariance whitening (WCCN), a supervised transform learnt from the glyphs
/// people have labelled: directions along which glyphs of one class vary (edition, weight,
/// damage) are shrunk, so nearest-neighbour and prototype classifiers compare shapes that
/// tell characters apart. `x ↦ (x − m) · V Λ^{-1/2}` where `V Λ Vᵀ` is the shrunk pooled
/// within-class covariance `(1 − shrinkage)·S_w + shrinkage·(tr S_w / d)·I` and `m` the
/// mean of the labelled rows.
public struct WithinClassWhitening: Sendable, Equatable {
  /// The projection, `d × d`.
  public var projection: Matrix
  /// The mean subtracted before projecting.
  public var mean: [Float]

  /// Learns the transform from `x` (rows) with `labels` (one per row).
  ///
  /// - Parameters:
  ///   - shrinkage: weight of the isotropic part, in [0, 1] (default 0.1); it keeps the
  ///     transform stable when few classes have more than one example.
  /// - Complexity: O(n·d² + d³).
  public static func fit(_ x: Matrix, labels: [Int32], shrinkage: Double = 0.1) throws -> WithinClassWhitening {
    guard labels.count == x.rows else {
      throw GlyphLabError.shapeMismatch(
        operation: "WithinClassWhitening", detail: "\(labels.count) labels for \(x.rows) rows")
    }
    guard (0...1).contains(shrinkage) else {
      throw GlyphLabError.invalidArgument(
        operation: "WithinClassWhitening", name: "shrinkage", value: "\(shrinkage)", reason: "must be in [0, 1]")
    }
    guard x.rows >= 2, x.columns >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "WithinClassWhitening", name: "rows", value: "\(x.rows)", reason: "need at least 2 labelled rows")
    }
    try x.requireFinite(operation: "WithinClassWhitening", argument: "x")
    let d = x.columns
    // Dense class indices, class means, then every row minus its class mean.
    var classOf = [Int](repeating: 0, count: x.rows)
    var index: [Int32: Int] = [:]
    for (i, c) in labels.enumerated() {
      if let k = index[c] {
        classOf[i] = k
      } else {
        classOf[i] = index.count
        index[c] = index.count
      }
    }
    let classCount = index.count
    var means = [Double](repeating: 0, count: classCount * d)
    var counts = [Int](repeating: 0, count: classCount)
    var centred = x
    centred.withUnsafeMutableBufferPointer { p in
      for i in 0..<x.rows {
        let k = classOf[i]
        counts[k] += 1
        for j in 0..<d { means[k * d + j] += Double(p[i * d + j]) }
      }
      for k in 0..<classCount { for j in 0..<d { means[k * d + j] /= Double(counts[k]) } }
      for i in 0..<x.rows {
        let k = classOf[i]
        for j in 0..<d { p[i * d + j] -= Float(means[k * d + j]) }
      }
    }
    let scatter = try centred.multiplied(by: centred, transposeSelf: .transposed)
    let dof = Double(max(1, x.rows - classCount))
    var covariance = [Double](repeating: 0, count: d * d)
    var trace = 0.0
    for i in 0..<d {
      for j in 0..<d { covariance[i * d + j] = Double(scatter[i, j]) / dof }
      trace += covariance[i * d + i]
    }
    let ridge = shrinkage * max(trace / Double(d), 1e-12)
    for i in 0..<d {
      for j in 0..<d { covariance[i * d + j] *= (1 - shrinkage) }
      covariance[i * d + i] += ridge
    }
    var eigenvalues = [Double](repeating: 0, count: d)
    // Single-threaded: LAPACK's blocked steps call threaded BLAS, which rounds differently at
    // 1 and 2 threads, and the whitening must not depend on them.
    let info = BLAS.withSingleThreadedCalls {
      covariance.withUnsafeMutableBufferPointer { a in
        eigenvalues.withUnsafeMutableBufferPointer { w in
          glyphlab_dsyevd(
            CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), glyphlab_lapack_int(d), a.baseAddress,
            glyphlab_lapack_int(d), w.baseAddress)
        }
      }
    }
    guard info == 0 else { throw GlyphLabError.lapack(routine: "LAPACKE_dsyevd", info: Int(info)) }
    let floor = max(eigenvalues.max() ?? 0, 1e-30) * 1e-9
    let projection = Matrix(rows: d, columns: d) { i, k in
      Float(covariance[i * d + k] / max(eigenvalues[k], floor).squareRoot())
    }
    return WithinClassWhitening(projection: projection, mean: x.columnMeans())
  }

  /// Applies the transform to the rows of `x`.
  ///
  /// - Complexity: O(n·d²), one SGEMM.
  public func transform(_ x: Matrix) throws -> Matrix {
    guard x.columns == mean.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "WithinClassWhitening.transform",
        detail: "input has \(x.columns) columns, the transform was fitted on \(mean.count)")
    }
    var centred = x
    try centred.subtractFromRows(mean)
    return try centred.multiplied(by: projection)
  }
}
