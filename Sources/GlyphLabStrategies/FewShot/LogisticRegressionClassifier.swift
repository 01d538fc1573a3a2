import Foundation
import GlyphLabCore

/// Multinomial logistic regression with an L2 penalty, fitted by L-BFGS, as scikit-learn's
/// `LogisticRegression(C=…, solver="lbfgs")` (multinomial loss, unpenalised intercept).
///
/// It minimises (1/n)·Σᵢ −log pᵢ(yᵢ) + ‖W‖² / (2·C·n), the objective scikit-learn scales
/// its `C` by, so the same `C` gives the same model. The loss and its gradient are computed
/// with two SGEMMs per evaluation, the optimiser runs in double precision, and everything
/// runs with OpenBLAS single-threaded, so the fit is deterministic whatever the thread
/// count. Softmax probabilities of a well-regularised model are calibrated by construction.
public struct LogisticRegressionClassifier: FewShotClassifier {
  /// The inverse regularisation strength, scikit-learn's `C` (default 1): larger means a
  /// weaker penalty. Must be positive.
  public var inverseRegularization: Double
  /// Fit an (unpenalised) intercept per class (default true).
  public var fitIntercept: Bool
  /// The most L-BFGS iterations (default 100, scikit-learn's `max_iter`).
  public var maxIterations: Int
  /// Stop when every gradient component is at most this (default 1e-4, scikit-learn's `tol`).
  public var tolerance: Double
  /// Correction pairs kept by L-BFGS (default 10, as SciPy).
  public var memory: Int

  /// "logistic-regression".
  public var name: String { "logistic-regression" }

  /// Creates a logistic-regression classifier.
  public init(
    inverseRegularization: Double = 1, fitIntercept: Bool = true, maxIterations: Int = 100,
    tolerance: Double = 1e-4, memory: Int = 10
  ) {
    self.inverseRegularization = inverseRegularization
    self.fitIntercept = fitIntercept
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.memory = memory
  }

  /// Fits on the support set and predicts the queries.
  ///
  /// - Complexity: that of ``fit(support:supportLabels:)`` plus O(q·c·d).
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    _ = try FewShotInput(support: support, supportLabels: supportLabels, queries: queries, operation: name)
    return try fit(support: support, supportLabels: supportLabels).predict(queries)
  }

  /// Fits the model on the support set. With a single class the model is constant
  /// (probability 1) and no optimisation runs.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``) and on a
  /// non-positive `inverseRegularization`, `maxIterations < 1`, `tolerance ≤ 0` or
  /// `memory < 1`.
  ///
  /// - Complexity: O(n·c·d) per iteration (two SGEMMs), at most ``maxIterations`` iterations
  ///   plus line-search steps; O((n + 2·memory)·c·d) memory.
  public func fit(support: Matrix, supportLabels: [Int32]) throws -> LogisticRegressionModel {
    try validateParameters()
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: Matrix(rows: 0, columns: support.columns),
      operation: name)
    let c = input.classes.count
    let d = support.columns
    guard c > 1 else {
      return LogisticRegressionModel(
        classes: input.classes, weights: Matrix(rows: 1, columns: d), intercepts: [0])
    }
    var problem = Problem(
      x: support, target: input.classIndex, classes: c, penalty: 1 / inverseRegularization,
      fitIntercept: fitIntercept)
    let result = BLAS.withSingleThreadedCalls {
      minimize(&problem, start: [Double](repeating: 0, count: c * d + c))
    }
    let theta = result.theta
    let weights = Matrix(rows: c, columns: d) { k, j in Float(theta[k * d + j]) }
    let intercepts = (0..<c).map { Float(theta[c * d + $0]) }
    return LogisticRegressionModel(
      classes: input.classes, weights: weights, intercepts: intercepts, iterations: result.iterations,
      converged: result.converged)
  }

  private func validateParameters() throws {
    guard inverseRegularization > 0, inverseRegularization.isFinite else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "inverseRegularization", value: "\(inverseRegularization)",
        reason: "must be positive and finite")
    }
    guard maxIterations >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "maxIterations", value: "\(maxIterations)", reason: "must be at least 1")
    }
    guard tolerance > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "tolerance", value: "\(tolerance)", reason: "must be positive")
    }
    guard memory >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "memory", value: "\(memory)", reason: "must be at least 1")
    }
  }

  /// L-BFGS (Nocedal & Wright, Algorithm 7.4) with a backtracking Armijo line search;
  /// correction pairs with non-positive curvature are skipped.
  private func minimize(
    _ problem: inout Problem, start: [Double]
  ) -> (theta: [Double], iterations: Int, converged: Bool) {
    var theta = start
    var (f, g) = problem.evaluate(theta)
    var steps = [[Double]]()
    var changes = [[Double]]()
    var rhos = [Double]()
    var iteration = 0
    while iteration < maxIterations {
      if maxAbs(g) <= tolerance { return (theta, iteration, true) }
      // Two-loop recursion: direction = −H·g.
      var q = g
      var alphas = [Double](repeating: 0, count: steps.count)
      for m in stride(from: steps.count - 1, through: 0, by: -1) {
        alphas[m] = rhos[m] * dot(steps[m], q)
        axpy(-alphas[m], changes[m], &q)
      }
      if let s = steps.last, let y = changes.last {
        let gamma = dot(s, y) / dot(y, y)
        for i in q.indices { q[i] *= gamma }
      } else {
        let norm = dot(g, g).squareRoot()
        for i in q.indices { q[i] /= max(norm, 1) }
      }
      for m in 0..<steps.count {
        let beta = rhos[m] * dot(changes[m], q)
        axpy(alphas[m] - beta, steps[m], &q)
      }
      var direction = q.map { -$0 }
      var slope = dot(g, direction)
      if !(slope < 0) {
        // Not a descent direction (numerical trouble): restart from steepest descent.
        steps.removeAll()
        changes.removeAll()
        rhos.removeAll()
        direction = g.map { -$0 }
        slope = -dot(g, g)
      }
      var step = 1.0
      var accepted: (theta: [Double], f: Double, g: [Double])? = nil
      for _ in 0..<40 {
        var trial = theta
        axpy(step, direction, &trial)
        let (ft, gt) = problem.evaluate(trial)
        if ft.isFinite && ft <= f + 1e-4 * step * slope {
          accepted = (trial, ft, gt)
          break
        }
        step *= 0.5
      }
      guard let next = accepted else { return (theta, iteration, false) }
      let s = zip(next.theta, theta).map { $0 - $1 }
      let y = zip(next.g, g).map { $0 - $1 }
      let curvature = dot(s, y)
      if curvature > 1e-10 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
        steps.append(s)
        changes.append(y)
        rhos.append(1 / curvature)
        if steps.count > memory {
          steps.removeFirst()
          changes.removeFirst()
          rhos.removeFirst()
        }
      }
      let decrease = f - next.f
      theta = next.theta
      f = next.f
      g = next.g
      iteration += 1
      // SciPy's relative-reduction test (factr·eps with factr = 64, as scikit-learn).
      if decrease <= 64 * Double.ulpOfOne * max(abs(f), abs(f + decrease), 1) {
        return (theta, iteration, maxAbs(g) <= tolerance)
      }
    }
    return (theta, iteration, maxAbs(g) <= tolerance)
  }

  private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    for i in y.indices { y[i] += alpha * x[i] }
  }

  private func maxAbs(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
}
