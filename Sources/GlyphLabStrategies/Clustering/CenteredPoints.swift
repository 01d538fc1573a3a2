import GlyphLabCore

/// Points shifted by their column means, as scikit-learn's k-means does before clustering:
/// distances computed as ‖x‖² + ‖c‖² − 2x·c lose less precision in `Float` near the origin.
struct CenteredPoints {
  /// The centred points (a copy).
  let points: Matrix
  /// The column means (`Float`, as subtracted).
  let means: [Float]
  /// The mean over the columns of each column's variance (scikit-learn's `_tolerance`
  /// scale), or 0 when it was not asked for.
  let meanVariance: Double

  /// Centres `original`; sums run in fixed row blocks, so the result is the same for every
  /// thread count.
  ///
  /// - Complexity: O(n·d) time, O(n·d) memory for the copy.
  init(_ original: Matrix, varianceNeeded: Bool) {
    let n = original.rows
    let d = original.columns
    let blockSize = BlockedReduction.defaultBlockSize
    let columnSums = Self.blockedColumnSums(original, blockSize: blockSize) { x, _ in Double(x) }
    let means = columnSums.map { n > 0 ? Float($0 / Double(n)) : 0 }
    var centred = original
    centred.withUnsafeMutableBufferPointer { p in
      means.withUnsafeBufferPointer { m in
        nonisolated(unsafe) let base = p.baseAddress
        nonisolated(unsafe) let mBase = m.baseAddress
        Parallel.forEachChunk(count: n, minimumChunk: 1024) { range in
          guard let base, let mBase else { return }
          for i in range {
            let row = base + i * d
            for j in 0..<d { row[j] -= mBase[j] }
          }
        }
      }
    }
    var meanVariance = 0.0
    if varianceNeeded && n > 0 && d > 0 {
      // Centred values have mean ≈ 0; subtracting the residual mean keeps it exact.
      let residual = Self.blockedColumnSums(centred, blockSize: blockSize) { x, _ in Double(x) }
        .map { $0 / Double(n) }
      let squares = Self.blockedColumnSums(centred, blockSize: blockSize) { x, j in
        let v = Double(x) - residual[j]
        return v * v
      }
      meanVariance = squares.reduce(0, +) / Double(n) / Double(d)
    }
    self.points = centred
    self.means = means
    self.meanVariance = meanVariance
  }

  /// `matrix` (rows in the original coordinates) shifted by the means.
  func centering(_ matrix: Matrix) -> Matrix { shifted(matrix, sign: -1) }

  /// `matrix` (rows in centred coordinates) moved back to the original coordinates.
  func restoring(_ matrix: Matrix) -> Matrix { shifted(matrix, sign: 1) }

  private func shifted(_ matrix: Matrix, sign: Float) -> Matrix {
    var out = matrix
    let d = matrix.columns
    out.withUnsafeMutableBufferPointer { p in
      for i in 0..<matrix.rows {
        for j in 0..<d { p[i * d + j] += sign * means[j] }
      }
    }
    return out
  }

  /// Per-column Σ `term(x, column)` over all rows, in `Double`, added in fixed row blocks.
  static func blockedColumnSums(
    _ matrix: Matrix, blockSize: Int, _ term: (Float, Int) -> Double
  ) -> [Double] {
    let n = matrix.rows
    let d = matrix.columns
    guard n > 0, d > 0 else { return [Double](repeating: 0, count: d) }
    let blocks = (n + blockSize - 1) / blockSize
    var partial = [Double](repeating: 0, count: blocks * d)
    partial.withUnsafeMutableBufferPointer { out in
      matrix.withUnsafeBufferPointer { x in
        nonisolated(unsafe) let outBase = out.baseAddress!
        nonisolated(unsafe) let xBase = x.baseAddress!
        Parallel.forEachChunk(count: blocks, minimumChunk: 1) { chunk in
          for b in chunk {
            let sums = outBase + b * d
            for i in (b * blockSize)..<min(n, (b + 1) * blockSize) {
              let row = xBase + i * d
              for j in 0..<d { sums[j] += term(row[j], j) }
            }
          }
        }
      }
    }
    var totals = [Double](repeating: 0, count: d)
    for b in 0..<blocks {
      for j in 0..<d { totals[j] += partial[b * d + j] }
    }
    return totals
  }
}
