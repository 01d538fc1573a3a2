import GlyphLabCore

extension DistanceKernel {
  /// Extra candidates fetched beyond k before exact re-ranking.
  static let refinementMargin = 4

  /// The `k` nearest references of every query, nearest first, with distances recomputed
  /// exactly in double precision.
  ///
  /// The fused ``topK(queries:references:k:)`` proposes `k + 4` candidates per query; they are
  /// re-ranked by their exact distances (ties to the lower index). The kernel's float
  /// distances round differently with its tile shape, which follows the thread count, so
  /// near-ties could otherwise flip between runs; the exact re-ranking makes neighbours and
  /// distances independent of the thread count (barring more than four near-ties at the
  /// k-th place).
  ///
  /// - Complexity: O(q·m·d) for the kernel, O(q·(k + 4)·d) for the re-ranking.
  func refinedTopK(
    queries: Matrix, references: Matrix, k: Int
  ) throws -> (k: Int, indices: [Int32], distances: [Double]) {
    let found = try topK(queries: queries, references: references, k: k + Self.refinementMargin)
    let kk = min(k, found.k)
    var indices = [Int32](repeating: 0, count: queries.rows * kk)
    var distances = [Double](repeating: 0, count: queries.rows * kk)
    let referenceNorms: [Double] =
      metric == .cosine
      ? (0..<references.rows).map { j in references.row(j).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
      : []
    for i in 0..<queries.rows {
      let x = queries.row(i)
      let candidates = found.indices(row: i).map { j in
        (
          index: j,
          distance: exactDistance(x, references.row(Int(j)), norm: referenceNorms.isEmpty ? 0 : referenceNorms[Int(j)])
        )
      }.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.index < $1.index }
      for c in 0..<kk {
        indices[i * kk + c] = candidates[c].index
        distances[i * kk + c] = candidates[c].distance
      }
    }
    return (kk, indices, distances)
  }

  /// The metric's distance between two rows, accumulated in double precision (cosine: 1 −
  /// x·y/(‖x‖‖y‖), 1 when either is zero, clamped to [0, 2]). `norm` is ‖y‖ for cosine.
  private func exactDistance(_ x: ArraySlice<Float>, _ y: ArraySlice<Float>, norm: Double) -> Double {
    switch metric {
    case .squaredEuclidean:
      var sum = 0.0
      for (a, b) in zip(x, y) {
        let diff = Double(a) - Double(b)
        sum += diff * diff
      }
      return sum
    case .cosine:
      var dot = 0.0
      var xx = 0.0
      for (a, b) in zip(x, y) {
        dot += Double(a) * Double(b)
        xx += Double(a) * Double(a)
      }
      guard xx > 0, norm > 0 else { return 1 }
      return min(2, max(0, 1 - dot / (xx.squareRoot() * norm)))
    }
  }
}
