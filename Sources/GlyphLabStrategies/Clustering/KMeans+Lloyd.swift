import GlyphLabCore

extension KMeans {
  /// One run of Lloyd's algorithm from `centres`, as scikit-learn's `_kmeans_single_lloyd`:
  /// E-step and M-step per iteration; stop when the labels repeat (strict convergence) or the
  /// squared centre shift is at most `tolerance` (absolute); then, unless strictly converged,
  /// one more E-step so the labels belong to the final centres.
  ///
  /// - Complexity: O(iterations · n · k · d).
  func lloyd(points: Matrix, centres start: Matrix, tolerance: Double) throws -> LloydRun {
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    var centres = start
    var labels = [Int32](repeating: -1, count: points.rows)
    var strictlyConverged = false
    var iterations = 0
    for iteration in 0..<maxIterations {
      iterations = iteration + 1
      let assignment = try nearest(points, centres, kernel: kernel, iteration: iteration)
      var accumulator = ClusterAccumulator(points: points, labels: assignment, clusters: clusters)
      try accumulator.relocateEmptyClusters(
        points: points, labels: assignment, previous: centres, operation: "KMeans")
      let updated = accumulator.centroids(previous: centres)
      let shift = Self.squaredShift(centres, updated)
      centres = updated
      if assignment == labels {
        strictlyConverged = true
        break
      }
      labels = assignment
      if shift <= tolerance { break }
    }
    if !strictlyConverged {
      labels = try nearest(points, centres, kernel: kernel, iteration: iterations)
    }
    return LloydRun(
      labels: labels, centres: centres, inertia: Self.inertia(points: points, centres: centres, labels: labels),
      iterations: iterations)
  }

  /// Each point's nearest centre by ``assignment``: exact, or through an inverted index
  /// built on this iteration's centres (seeded from ``seed`` and the iteration).
  func nearest(_ points: Matrix, _ centres: Matrix, kernel: DistanceKernel, iteration: Int) throws -> [Int32] {
    switch assignment {
    case .exact:
      return try kernel.argmin(queries: points, references: centres).indices
    case .inverted(let lists, let probes):
      var generator = SeededGenerator(seed: seed).derived("inverted-lists-\(iteration)")
      let index = try InvertedCentreIndex(centres: centres, lists: lists, probes: probes, seed: generator.next())
      return try index.assign(points).indices
    }
  }

  /// Σᵢ‖aᵢ − bᵢ‖² over the rows, in `Double`.
  static func squaredShift(_ a: Matrix, _ b: Matrix) -> Double {
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        var s = 0.0
        for i in 0..<min(x.count, y.count) {
          let diff = Double(x[i]) - Double(y[i])
          s += diff * diff
        }
        return s
      }
    }
  }

  /// Σ‖xᵢ − c(labelᵢ)‖², computed exactly in `Double` in fixed blocks of rows (the same
  /// for every thread count).
  ///
  /// - Complexity: O(n·d).
  static func inertia(points: Matrix, centres: Matrix, labels: [Int32]) -> Double {
    let d = points.columns
    guard d > 0 else { return 0 }
    return points.withUnsafeBufferPointer { x in
      centres.withUnsafeBufferPointer { c in
        nonisolated(unsafe) let xBase = x.baseAddress!
        nonisolated(unsafe) let cBase = c.baseAddress!
        return labels.withUnsafeBufferPointer { l in
          nonisolated(unsafe) let lBase = l.baseAddress!
          return BlockedReduction.sum(count: points.rows) { range in
            var s = 0.0
            for i in range {
              let row = xBase + i * d
              let centre = cBase + Int(lBase[i]) * d
              for j in 0..<d {
                let diff = Double(row[j]) - Double(centre[j])
                s += diff * diff
              }
            }
            return s
          }
        }
      }
    }
  }
}
