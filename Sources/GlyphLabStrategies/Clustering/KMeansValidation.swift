import GlyphLabCore

/// The input checks shared by ``KMeans`` and ``MiniBatchKMeans``.
enum KMeansValidation {
  static func check(
    operation: String, points: Matrix, clusters: Int, initialization: KMeansInitialization,
    restarts: Int?, maxIterations: Int, tolerance: Double
  ) throws {
    func invalid(_ name: String, _ value: String, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: operation, name: name, value: value, reason: reason)
    }
    guard clusters >= 1 else { throw invalid("clusters", "\(clusters)", "must be at least 1") }
    guard points.rows >= clusters else {
      throw invalid(
        "clusters", "\(clusters)",
        "cannot exceed the number of points (\(points.rows))")
    }
    if let restarts, restarts < 1 { throw invalid("restarts", "\(restarts)", "must be at least 1") }
    guard maxIterations >= 1 else {
      throw invalid("maxIterations", "\(maxIterations)", "must be at least 1")
    }
    guard tolerance.isFinite, tolerance >= 0 else {
      throw invalid("tolerance", "\(tolerance)", "must be a finite number ≥ 0")
    }
    try points.requireFinite(operation: operation, argument: "points")
    if case .given(let centres) = initialization {
      guard centres.rows == clusters, centres.columns == points.columns else {
        throw GlyphLabError.shapeMismatch(
          operation: operation,
          detail:
            "given initial centres are \(centres.rows)×\(centres.columns), expected \(clusters)×\(points.columns)"
        )
      }
      try centres.requireFinite(operation: operation, argument: "initial centres")
    }
  }
}
