import GlyphLabCore

extension MultiPrototypeClassifier {
  /// One class's prototypes and the prototype of each of its rows.
  package struct ClassClustering {
    /// `m × d` centres.
    package var centres: Matrix
    /// The centre of each row, `0..<m`.
    package var assignment: [Int]
  }

  /// A small seeded Lloyd k-means over one class's rows: k-means++ seeding (D² sampling),
  /// then alternate nearest-centre assignment (``DistanceKernel/topK(queries:references:k:)``
  /// candidates re-ranked exactly, so ties do not depend on the thread count) and mean updates until no assignment changes or ``maxIterations`` is reached. An empty
  /// cluster is moved to the row farthest from its centre, as scikit-learn does. When
  /// `centres` equals the number of rows, the rows themselves are the centres.
  ///
  /// - Complexity: O(n·m·d) per iteration.
  package func lloyd(
    _ x: Matrix, centres m: Int, kernel: DistanceKernel, generator: inout SeededGenerator
  ) throws -> ClassClustering {
    let n = x.rows
    if m >= n { return ClassClustering(centres: x, assignment: Array(0..<n)) }

    // k-means++: the first centre uniformly, each next one with probability ∝ D².
    var chosen = [generator.uniformInt(below: n)]
    var nearest = try kernel.refinedTopK(queries: x, references: x.gathering(rows: chosen), k: 1).distances
    while chosen.count < m {
      let weights = nearest.map { max(0, $0) }
      let total = weights.reduce(0, +)
      var pick: Int
      if total > 0 {
        var target = generator.uniformDouble() * total
        pick = n - 1
        for (i, w) in weights.enumerated() where w > 0 {
          if target < w {
            pick = i
            break
          }
          target -= w
        }
      } else {
        // Every row sits on a centre already (repeated rows): take an unused row.
        let unused = (0..<n).filter { !chosen.contains($0) }
        pick = unused[generator.uniformInt(below: unused.count)]
      }
      chosen.append(pick)
      let step = try kernel.refinedTopK(queries: x, references: x.gathering(rows: [pick]), k: 1).distances
      for i in 0..<n { nearest[i] = min(nearest[i], step[i]) }
    }

    var centres = x.gathering(rows: chosen)
    var result = try kernel.refinedTopK(queries: x, references: centres, k: 1)
    for _ in 0..<maxIterations {
      centres = Self.means(of: x, assignment: result.indices, nearest: result.distances, count: m)
      let next = try kernel.refinedTopK(queries: x, references: centres, k: 1)
      let changed = next.indices != result.indices
      result = next
      if !changed { break }
    }
    return ClassClustering(centres: centres, assignment: result.indices.map(Int.init))
  }

  /// The mean of each cluster's rows. Empty clusters take, in turn, the rows farthest from
  /// their current centres (ties to the lower row index), which then leave their old cluster.
  package static func means(of x: Matrix, assignment: [Int32], nearest: [Double], count m: Int) -> Matrix {
    let d = x.columns
    var labels = assignment.map(Int.init)
    var sizes = [Int](repeating: 0, count: m)
    for l in labels { sizes[l] += 1 }
    let empty = (0..<m).filter { sizes[$0] == 0 }
    if !empty.isEmpty {
      let far = labels.indices.sorted { nearest[$0] != nearest[$1] ? nearest[$0] > nearest[$1] : $0 < $1 }
      var next = 0
      for cluster in empty {
        while next < far.count && sizes[labels[far[next]]] <= 1 { next += 1 }
        guard next < far.count else { break }
        sizes[labels[far[next]]] -= 1
        labels[far[next]] = cluster
        sizes[cluster] = 1
        next += 1
      }
    }
    var sums = [Double](repeating: 0, count: m * d)
    for (i, l) in labels.enumerated() {
      for (j, value) in x.row(i).enumerated() { sums[l * d + j] += Double(value) }
    }
    return Matrix(rows: m, columns: d) { k, j in
      sizes[k] > 0 ? Float(sums[k * d + j] / Double(sizes[k])) : 0
    }
  }
}
