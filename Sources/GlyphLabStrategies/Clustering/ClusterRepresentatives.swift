import GlyphLabCore

/// Centroids, medoids and inertia of a labelling, shared by the clustering methods that
/// do not compute them as part of their own iteration.
enum ClusterRepresentatives {
  /// What ``summarize(points:labels:clusterCount:)`` computes.
  struct Summary {
    /// The mean of each cluster's members (`clusterCount × d`), accumulated in double.
    var centroids: Matrix
    /// The member nearest its cluster's centroid (squared Euclidean; the lowest index on ties).
    var medoids: [Int]
    /// The sum over non-noise points of the squared distance to their cluster's centroid.
    var inertia: Double
  }

  /// Summarises `labels` (values `0..<clusterCount`, or negative for noise, which is left out).
  /// Every cluster must have at least one member.
  ///
  /// - Complexity: O(n·d) time, O(clusterCount·d) extra memory.
  static func summarize(points: Matrix, labels: [Int32], clusterCount: Int) -> Summary {
    let d = points.columns
    var sums = [Double](repeating: 0, count: clusterCount * d)
    var sizes = [Int](repeating: 0, count: clusterCount)
    points.withUnsafeBufferPointer { p in
      for (i, label) in labels.enumerated() where label >= 0 {
        let c = Int(label)
        sizes[c] += 1
        for j in 0..<d { sums[c * d + j] += Double(p[i * d + j]) }
      }
    }
    var means = [Double](repeating: 0, count: clusterCount * d)
    for c in 0..<clusterCount where sizes[c] > 0 {
      for j in 0..<d { means[c * d + j] = sums[c * d + j] / Double(sizes[c]) }
    }
    var medoids = [Int](repeating: -1, count: clusterCount)
    var best = [Double](repeating: .infinity, count: clusterCount)
    var inertia = 0.0
    points.withUnsafeBufferPointer { p in
      for (i, label) in labels.enumerated() where label >= 0 {
        let c = Int(label)
        var s = 0.0
        for j in 0..<d {
          let diff = Double(p[i * d + j]) - means[c * d + j]
          s += diff * diff
        }
        inertia += s
        if s < best[c] {
          best[c] = s
          medoids[c] = i
        }
      }
    }
    let centroids = Matrix(rows: clusterCount, columns: d) { c, j in Float(means[c * d + j]) }
    return Summary(centroids: centroids, medoids: medoids, inertia: inertia)
  }

  /// Relabels `labels` so that clusters are numbered `0, 1, …` in order of their first member
  /// (noise, any negative label, stays −1), and returns the number of clusters.
  ///
  /// - Complexity: O(n) time, O(n) extra memory.
  static func canonicalize(_ labels: inout [Int32]) -> Int {
    var map = [Int32: Int32]()
    for i in labels.indices {
      guard labels[i] >= 0 else {
        labels[i] = -1
        continue
      }
      if let mapped = map[labels[i]] {
        labels[i] = mapped
      } else {
        let next = Int32(map.count)
        map[labels[i]] = next
        labels[i] = next
      }
    }
    return map.count
  }

  /// Throws on an empty matrix or a NaN or infinity, the checks every clustering method shares.
  static func validate(_ points: Matrix, operation: String) throws {
    guard points.rows > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "points", value: "0 rows", reason: "there is nothing to cluster")
    }
    try points.requireFinite(operation: operation, argument: "points")
  }
}
