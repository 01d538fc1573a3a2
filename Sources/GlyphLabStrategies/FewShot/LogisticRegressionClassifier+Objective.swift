import Foundation
import GlyphLabCore

extension LogisticRegressionClassifier {
  /// The penalised multinomial cross-entropy of a support set and its gradient, with the
  /// parameters flattened as θ = [W (row-major, classes × d), b (classes)].
  struct Problem {
    let x: Matrix
    let target: [Int]
    let classes: Int
    /// λ = 1/C.
    let penalty: Double
    let fitIntercept: Bool
    private var logits: Matrix
    private var residuals: Matrix
    private var gradientW: Matrix

    init(x: Matrix, target: [Int], classes: Int, penalty: Double, fitIntercept: Bool) {
      self.x = x
      self.target = target
      self.classes = classes
      self.penalty = penalty
      self.fitIntercept = fitIntercept
      logits = Matrix(rows: x.rows, columns: classes)
      residuals = Matrix(rows: x.rows, columns: classes)
      gradientW = Matrix(rows: classes, columns: x.columns)
    }

    /// f(θ) = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] + λ‖W‖²/(2n) and its gradient
    /// ((P − Y)ᵀX + λW)/n, (1/n)·Σᵢ (pᵢ − yᵢ) for b. The products are SGEMMs; the sums are
    /// accumulated in double precision.
    ///
    /// - Complexity: O(n·c·d).
    mutating func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
      let n = x.rows
      let d = x.columns
      let c = classes
      let weights = Matrix(rows: c, columns: d) { k, j in Float(theta[k * d + j]) }
      // The shapes are consistent by construction, so these SGEMMs cannot throw.
      try? Matrix.gemm(x, .none, weights, .transposed, into: &logits)
      var loss = 0.0
      let scale = 1 / Double(n)
      var interceptGradient = [Double](repeating: 0, count: c)
      logits.withUnsafeBufferPointer { z in
        residuals.withUnsafeMutableBufferPointer { r in
          var row = [Double](repeating: 0, count: c)
          for i in 0..<n {
            var peak = -Double.infinity
            for k in 0..<c {
              row[k] = Double(z[i * c + k]) + theta[c * d + k]
              peak = max(peak, row[k])
            }
            var total = 0.0
            for k in 0..<c { total += Foundation.exp(row[k] - peak) }
            let logNormaliser = peak + Foundation.log(total)
            loss += logNormaliser - row[target[i]]
            for k in 0..<c {
              let p = Foundation.exp(row[k] - logNormaliser)
              let residual = (p - (k == target[i] ? 1 : 0)) * scale
              r[i * c + k] = Float(residual)
              interceptGradient[k] += residual
            }
          }
        }
      }
      try? Matrix.gemm(residuals, .transposed, x, .none, into: &gradientW)
      var gradient = [Double](repeating: 0, count: c * d + c)
      var squaredNorm = 0.0
      gradientW.withUnsafeBufferPointer { gw in
        for i in 0..<(c * d) {
          squaredNorm += theta[i] * theta[i]
          gradient[i] = Double(gw[i]) + penalty * theta[i] * scale
        }
      }
      if fitIntercept {
        for k in 0..<c { gradient[c * d + k] = interceptGradient[k] }
      }
      return (loss * scale + 0.5 * penalty * squaredNorm * scale, gradient)
    }
  }
}
