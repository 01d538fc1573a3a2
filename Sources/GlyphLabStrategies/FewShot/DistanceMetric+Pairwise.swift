import GlyphLabCore

extension DistanceMetric {
  /// The distance between a feature row and a point held in double precision, computed
  /// directly (for the few held-out distances of a temperature fit, not for bulk work).
  /// Under the cosine metric a zero vector is at distance 1 from everything, as in
  /// ``DistanceKernel``.
  ///
  /// - Complexity: O(d).
  func distance(_ x: ArraySlice<Float>, _ y: [Double]) -> Double {
    switch self {
    case .squaredEuclidean:
      var sum = 0.0
      for (a, b) in zip(x, y) {
        let diff = Double(a) - b
        sum += diff * diff
      }
      return sum
    case .cosine:
      var dot = 0.0
      var xx = 0.0
      var yy = 0.0
      for (a, b) in zip(x, y) {
        dot += Double(a) * b
        xx += Double(a) * Double(a)
        yy += b * b
      }
      guard xx > 0, yy > 0 else { return 1 }
      return min(2, max(0, 1 - dot / (xx.squareRoot() * yy.squareRoot())))
    }
  }
}
