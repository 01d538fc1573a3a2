import GlyphLabCore

extension MiniBatchKMeans {
  /// Checks the parameters and `points`.
  func validate(_ points: Matrix) throws {
    try KMeansValidation.check(
      operation: "MiniBatchKMeans", points: points, clusters: clusters, initialization: initialization,
      restarts: restarts, maxIterations: maxIterations, tolerance: tolerance)
    guard batchSize >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "MiniBatchKMeans", name: "batchSize", value: "\(batchSize)", reason: "must be at least 1")
    }
    if let initSize, initSize < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "MiniBatchKMeans", name: "initSize", value: "\(initSize)", reason: "must be at least 1")
    }
    if let maxNoImprovement, maxNoImprovement < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "MiniBatchKMeans", name: "maxNoImprovement", value: "\(maxNoImprovement)",
        reason: "must be at least 1, or nil to turn the rule off")
    }
  }

  /// scikit-learn's initialisation: a validation subsample, then `effectiveRestarts`
  /// candidate initialisations, each on its own init subsample, keeping the one with the
  /// lowest inertia on the validation subsample.
  func initialCentres(_ points: Matrix, generator: inout SeededGenerator) throws -> Matrix {
    if case .given(let centres) = initialization { return centres }
    let n = points.rows
    let size = effectiveInitSize(points: n)
    let validation = points.gathering(rows: generator.sample(size, from: n))
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    var best: (centres: Matrix, inertia: Double)?
    for _ in 0..<effectiveRestarts {
      let subsample = points.gathering(rows: generator.sample(size, from: n))
      var chosen: [Int]
      if initialization == .random {
        chosen = KMeansSeeding.random(points: subsample, clusters: clusters, generator: &generator)
      } else {
        chosen = try KMeansSeeding.kMeansPlusPlus(points: subsample, clusters: clusters, generator: &generator)
      }
      var centres = Self.distinctRows(subsample.gathering(rows: chosen))
      if centres.rows < clusters { centres = try completeFarthestFirst(centres, points: points) }
      let nearest = try kernel.argmin(queries: validation, references: centres)
      let inertia = nearest.distances.reduce(0.0) { $0 + Double($1) }
      if let current = best, current.inertia <= inertia { continue }
      best = (centres, inertia)
    }
    guard let best else { return Matrix(rows: 0, columns: points.columns) }
    return best.centres
  }

  /// Adds the point farthest from the current centres (the lowest index on ties) until there
  /// are k centres; throws when every point already sits on a centre. The distance to the
  /// nearest centre is recomputed exactly, so rounding never passes a duplicate for a new point.
  ///
  /// - Complexity: O(missing · n · k · d).
  func completeFarthestFirst(_ start: Matrix, points: Matrix) throws -> Matrix {
    var centres = start
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    let d = points.columns
    while centres.rows < clusters {
      let nearest = try kernel.argmin(queries: points, references: centres).indices
      var farthest = 0
      var farthestDistance = -1.0
      for i in 0..<points.rows {
        var s = 0.0
        for (x, c) in zip(points.row(i), centres.row(Int(nearest[i]))) {
          s += (Double(x) - Double(c)) * (Double(x) - Double(c))
        }
        if s > farthestDistance {
          farthest = i
          farthestDistance = s
        }
      }
      guard farthestDistance > 0, d > 0 else {
        throw GlyphLabError.invalidArgument(
          operation: "MiniBatchKMeans", name: "clusters", value: "\(clusters)",
          reason: "the points have only \(centres.rows) distinct rows; ask for at most \(centres.rows) clusters")
      }
      centres = try Matrix.stacking([centres, points.rows(farthest..<(farthest + 1))])
    }
    return centres
  }

  /// The rows of `matrix` without repeats, in first-seen order.
  static func distinctRows(_ matrix: Matrix) -> Matrix {
    var seen = Set<[Float]>()
    var keep = [Int]()
    for i in 0..<matrix.rows where seen.insert(Array(matrix.row(i))).inserted { keep.append(i) }
    return keep.count == matrix.rows ? matrix : matrix.gathering(rows: keep)
  }
}
