import GlyphLabCore

/// Seeded data and partition comparisons shared by the clustering tests.
enum ClusteringTestData {
  /// `clusters` Gaussian blobs of `perCluster` points in `dimensions` dimensions: centres
  /// uniform in [−10, 10)ᵈ, standard deviation `spread`. Continuous values, so no exact ties.
  static func blobs(
    clusters: Int, perCluster: Int, dimensions: Int, spread: Double = 1, seed: UInt64
  ) -> Matrix {
    var g = SeededGenerator(seed: seed)
    let centres = (0..<clusters).map { _ in (0..<dimensions).map { _ in g.uniformDouble() * 20 - 10 } }
    var rows = [[Float]]()
    for i in 0..<(clusters * perCluster) {
      let c = centres[i % clusters]
      rows.append(c.map { Float($0 + spread * g.normal()) })
    }
    // Rows are well formed by construction.
    return Matrix(rows: rows.count, columns: dimensions) { i, j in rows[i][j] }
  }

  /// Whether `a` and `b` are the same partition up to renaming (−1 must map to −1).
  static func samePartition(_ a: [Int32], _ b: [Int32]) -> Bool {
    guard a.count == b.count else { return false }
    var forward = [Int32: Int32]()
    var backward = [Int32: Int32]()
    for (x, y) in zip(a, b) {
      if (x < 0) != (y < 0) { return false }
      if let m = forward[x], m != y { return false }
      if let m = backward[y], m != x { return false }
      forward[x] = y
      backward[y] = x
    }
    return true
  }

  /// All pairwise Euclidean distances in double precision.
  static func euclidean(_ x: Matrix) -> [[Double]] {
    (0..<x.rows).map { i in
      (0..<x.rows).map { j in
        zip(x.row(i), x.row(j)).reduce(0.0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) }
          .squareRoot()
      }
    }
  }
}
