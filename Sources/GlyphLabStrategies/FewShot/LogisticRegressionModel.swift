import GlyphLabCore

/// A fitted multinomial logistic regression: logits = X·Wᵀ + b, probabilities their softmax.
public struct LogisticRegressionModel: Sendable, Equatable {
  /// The classes, ascending: the rows of ``weights``.
  public var classes: [Int32]
  /// `classes × features` weights.
  public var weights: Matrix
  /// One intercept per class (all zero without an intercept).
  public var intercepts: [Float]
  /// L-BFGS iterations run.
  public var iterations: Int
  /// Whether the gradient fell below the tolerance within the iteration limit.
  public var converged: Bool

  /// Creates a model from its parameters.
  public init(
    classes: [Int32], weights: Matrix, intercepts: [Float], iterations: Int = 0, converged: Bool = true
  ) {
    self.classes = classes
    self.weights = weights
    self.intercepts = intercepts
    self.iterations = iterations
    self.converged = converged
  }

  /// The `queries × classes` logits X·Wᵀ + b.
  ///
  /// Throws on a feature-count mismatch, NaN or infinity.
  ///
  /// - Complexity: O(q·c·d) (one SGEMM).
  public func logits(_ queries: Matrix) throws -> Matrix {
    guard queries.columns == weights.columns else {
      throw GlyphLabError.shapeMismatch(
        operation: "LogisticRegressionModel",
        detail: "the model has \(weights.columns) features, queries \(queries.columns)")
    }
    try queries.requireFinite(operation: "LogisticRegressionModel", argument: "queries")
    var z = try queries.multiplied(by: weights, transposeOther: .transposed)
    let c = classes.count
    z.withUnsafeMutableBufferPointer { p in
      for i in 0..<queries.rows {
        for j in 0..<c { p[i * c + j] += intercepts[j] }
      }
    }
    return z
  }

  /// The predictions for `queries`: the most probable class and the softmax probabilities.
  ///
  /// - Complexity: O(q·c·d).
  public func predict(_ queries: Matrix) throws -> Predictions {
    Predictions(logits: try logits(queries), classes: classes)
  }
}
