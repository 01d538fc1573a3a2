import Foundation
import GlyphLabCore

/// Transductive label propagation (Zhou et al. 2004, "Learning with local and global
/// consistency") over a k-nearest-neighbour graph of the support and query rows together.
///
/// The graph: each row's ``neighbors`` nearest other rows (``DistanceKernel/topK(queries:references:k:)``,
/// re-ranked by exact distances so the graph does not depend on the thread count)
/// with Gaussian weights w = exp(−distance / s), where s is ``bandwidth`` or, by default, the
/// mean neighbour distance; symmetrised as W = A + Aᵀ (as in Iscen et al. 2019) and normalised
/// as S = D^{-1/2} W D^{-1/2}. Labels spread by F = (1 − α)(I − αS)⁻¹Y, Y the one-hot support
/// labels, solved iteratively on the sparse graph (never a dense N × N matrix): by conjugate
/// gradients (default; I − αS is symmetric positive definite) or by Zhou's fixed point
/// F ← αSF + (1 − α)Y. Both reach the same F; the fixed point needs about
/// log(tolerance)/log(α) iterations (≈ 1,400 for α = 0.99), conjugate gradients a few dozen.
///
/// Probabilities are the query rows of F divided by their sums (F ≥ 0 exactly; tiny negative
/// round-off from the solver is clipped to 0). A query whose graph component holds no support
/// row gets F = 0: its probabilities are uniform and its label is that of its nearest support
/// row. Predictions depend on the whole query set (the method is transductive).
///
/// Defaults (k = 5, α = 0.9) were chosen on Omniglot's base classes (`images_background_small1`,
/// 5-way 1- and 5-shot, pixels with and without CL2N) among k ∈ {5, 10, 20} and
/// α ∈ {0.5, 0.9, 0.99}: k = 5 was best at every α, and α = 0.9 best or within noise of the
/// best. With α = 0.99 and k ≥ 10, accuracy without class mass normalisation fell to near
/// chance on raw pixels (hub images with little ink attract every label), which
/// ``classMassNormalization`` repairs.
public struct LabelPropagationClassifier: FewShotClassifier {
  /// How the linear system is solved.
  public enum Solver: String, Sendable, CaseIterable {
    /// Conjugate gradients on (I − αS)F = (1 − α)Y, one column per class.
    case conjugateGradient
    /// Zhou et al.'s iteration F ← αSF + (1 − α)Y from F = Y.
    case fixedPoint
  }

  /// Neighbours per row in the graph (default 5; at most N − 1).
  public var neighbors: Int
  /// The propagation weight α in (0, 1) (default 0.9): how far labels spread versus
  /// staying at the support rows. Zhou et al. used 0.99; on small kNN graphs of weak
  /// features that over-smooths towards the classes of high-degree support rows (see the
  /// type's notes).
  public var alpha: Double
  /// The distance that defines neighbours and weights (default squared Euclidean).
  public var metric: DistanceMetric
  /// The scale s of the edge weights exp(−distance / s), in distance units; nil (default)
  /// uses the mean distance over all graph edges.
  public var bandwidth: Float?
  /// The solver (default ``Solver/conjugateGradient``).
  public var solver: Solver
  /// The most solver iterations (default 2,000).
  public var maxIterations: Int
  /// Convergence: conjugate gradients stop when every column's residual norm is at most
  /// `tolerance` times its right-hand side's; the fixed point when no entry of F changes by
  /// more than `tolerance` (default 1e-6).
  public var tolerance: Double
  /// Class mass normalisation (Zhu, Ghahramani & Lafferty 2003; default false): before
  /// reading off labels, scale each class's column of F over the queries so that its total
  /// matches the class's share of the support set. It removes the bias towards classes
  /// whose support rows have high degree (hubs), which dominates when α is near 1, at the
  /// cost of assuming the queries are distributed like the support.
  public var classMassNormalization: Bool

  /// "label-propagation".
  public var name: String { "label-propagation" }

  /// Creates a label-propagation classifier.
  public init(
    neighbors: Int = 5, alpha: Double = 0.9, metric: DistanceMetric = .squaredEuclidean,
    bandwidth: Float? = nil, solver: Solver = .conjugateGradient, maxIterations: Int = 2000,
    tolerance: Double = 1e-6, classMassNormalization: Bool = false
  ) {
    self.neighbors = neighbors
    self.alpha = alpha
    self.metric = metric
    self.bandwidth = bandwidth
    self.solver = solver
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.classMassNormalization = classMassNormalization
  }

  /// Builds the graph over support and queries, propagates the support labels, and reads
  /// off the query rows.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``), on `neighbors < 1`,
  /// α outside (0, 1), a non-positive or non-finite `bandwidth`, `maxIterations < 1` or
  /// `tolerance ≤ 0`, and under the cosine metric on an all-zero row.
  ///
  /// - Complexity: O(N²·d) for the neighbour search (blocked SGEMM, N = support + queries),
  ///   O(N·k·c) per solver iteration; O(N·(k + c)) memory.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    try validateParameters()
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: queries, operation: name,
      metric: metric)
    let n = support.rows
    let c = input.classes.count
    guard queries.rows > 0 else {
      return Predictions(classes: input.classes, labels: [], probabilities: Matrix(rows: 0, columns: c))
    }
    let all = try Matrix.stacking([support, queries])
    let graph = try SparseGraph.nearestNeighbors(
      of: all, k: neighbors, kernel: DistanceKernel(metric: metric), bandwidth: bandwidth,
      operation: name)

    var y = Matrix(rows: all.rows, columns: c)
    for i in 0..<n { y[i, input.classIndex[i]] = Float(1 - alpha) }
    let f: Matrix
    switch solver {
    case .conjugateGradient:
      f = graph.solveConjugateGradient(
        alpha: alpha, rightHandSide: y, tolerance: tolerance, maxIterations: maxIterations)
    case .fixedPoint:
      f = graph.solveFixedPoint(alpha: alpha, rightHandSide: y, tolerance: tolerance, maxIterations: maxIterations)
    }

    var scores = f.rows(n..<all.rows)
    scores.withUnsafeMutableBufferPointer { p in
      for i in p.indices where !(p[i] > 0) { p[i] = 0 }
    }
    if classMassNormalization {
      var mass = [Double](repeating: 0, count: c)
      for i in 0..<scores.rows {
        for (k, v) in scores.row(i).enumerated() { mass[k] += Double(v) }
      }
      let factor = (0..<c).map { k in
        mass[k] > 0 ? Double(input.classCounts[k]) / Double(n) / mass[k] : 0
      }
      scores.withUnsafeMutableBufferPointer { p in
        for i in 0..<queries.rows {
          for k in 0..<c { p[i * c + k] = Float(Double(p[i * c + k]) * factor[k]) }
        }
      }
    }
    var predictions = Predictions(nonNegativeScores: scores, classes: input.classes)
    let empty = (0..<queries.rows).filter { i in scores.row(i).allSatisfy { $0 == 0 } }
    if !empty.isEmpty {
      let nearest = try DistanceKernel(metric: metric).refinedTopK(
        queries: queries.gathering(rows: empty), references: support, k: 1)
      for (position, i) in empty.enumerated() {
        predictions.labels[i] = supportLabels[Int(nearest.indices[position])]
      }
    }
    return predictions
  }

  private func validateParameters() throws {
    guard neighbors >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "neighbors", value: "\(neighbors)", reason: "must be at least 1")
    }
    guard alpha > 0, alpha < 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "alpha", value: "\(alpha)", reason: "must be in (0, 1)")
    }
    if let bandwidth, !(bandwidth > 0 && bandwidth.isFinite) {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "bandwidth", value: "\(bandwidth)", reason: "must be positive and finite")
    }
    guard maxIterations >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "maxIterations", value: "\(maxIterations)", reason: "must be at least 1")
    }
    guard tolerance > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "tolerance", value: "\(tolerance)", reason: "must be positive")
    }
  }
}
