import GlyphLabCore

/// Density-based clustering (Ester et al. 1996), with scikit-learn's `DBSCAN` semantics on
/// Euclidean features.
///
/// A point is *core* when at least ``minSamples`` points, itself included, lie within
/// Euclidean distance ``eps`` (inclusive). Core points within `eps` of each other share a
/// cluster; a non-core point within `eps` of a core point is a *border* point; every other
/// point is *noise*.
///
/// Clusters are numbered in order of their lowest-index core point, and a border point that
/// several clusters reach joins the one with the lowest number. That is exactly what
/// scikit-learn's expansion does (it starts a cluster at each unlabelled core point in index
/// order and expands it fully before the next, so the first cluster to reach a border point
/// is the lowest-numbered one), so labels agree with scikit-learn's, numbering included,
/// except where a distance falls within rounding of `eps`.
///
/// Noise, per ``noise``: with ``NoiseHandling/label`` (the default, as scikit-learn) noise
/// points get −1 and ``ClusteringResult/noiseCount`` counts them; downstream they can be
/// treated as singletons or reassigned to the nearest core point, which
/// ``NoiseHandling/singletons`` and ``NoiseHandling/nearestCore`` do here.
///
/// Neighbourhoods are never stored: the pairs are streamed through
/// ``DistanceKernel/forEachTile(queries:references:_:)`` over the upper triangle (each pair
/// computed once, so the relation is symmetric), once to count neighbours and once to join
/// core points with a union–find; a third pass finds border points' core neighbours.
/// Centroids are the member means (noise excluded), medoids the member nearest its centroid.
public struct DBSCAN: ClusteringMethod {
  /// What becomes of noise points.
  public enum NoiseHandling: String, Sendable, CaseIterable, Codable {
    /// Label −1 (scikit-learn's output).
    case label
    /// Each noise point becomes a cluster of its own, numbered after the dense clusters in
    /// index order.
    case singletons
    /// Each noise point joins the cluster of its nearest core point (lowest index on ties).
    /// With no core point at all, noise stays −1.
    case nearestCore
  }

  /// The neighbourhood radius, a Euclidean distance (inclusive); must be positive.
  public var eps: Float
  /// Points within ``eps``, the point itself included, that make a point core (default 5,
  /// as scikit-learn); must be at least 1.
  public var minSamples: Int
  /// What becomes of noise points (default ``NoiseHandling/label``).
  public var noise: NoiseHandling

  /// Creates the method; see the properties for the meaning and defaults.
  public init(eps: Float, minSamples: Int = 5, noise: NoiseHandling = .label) {
    self.eps = eps
    self.minSamples = minSamples
    self.noise = noise
  }

  /// "dbscan".
  public var name: String { "dbscan" }

  /// Clusters the rows of `points`.
  ///
  /// Throws on an empty matrix, NaN or infinity, a non-positive or non-finite ``eps`` or a
  /// ``minSamples`` below 1.
  ///
  /// - Complexity: O(n²·d) time through SGEMM tiles (about three half-matrix passes);
  ///   O(n·d + the kernel's tile) memory, whatever the density.
  public func cluster(_ points: Matrix) throws -> ClusteringResult {
    let operation = "DBSCAN"
    try ClusterRepresentatives.validate(points, operation: operation)
    guard eps > 0, eps.isFinite else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "eps", value: "\(eps)", reason: "must be positive and finite")
    }
    guard minSamples >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "minSamples", value: "\(minSamples)", reason: "must be at least 1")
    }
    let n = points.rows
    var centred = points
    try centred.subtractFromRows(points.columnMeans())
    let radius = eps * eps
    let kernel = DistanceKernel(metric: .squaredEuclidean)

    // Pass 1: neighbour counts (each point counts itself).
    var counts = [Int](repeating: 1, count: n)
    try forEachNeighbourPair(centred, kernel: kernel, radius: radius) { i, j in
      counts[i] += 1
      counts[j] += 1
    }
    let isCore = counts.map { $0 >= minSamples }

    // Pass 2: core points within eps of each other share a cluster.
    var parent = Array(0..<n)
    func find(_ a: Int) -> Int {
      var a = a
      while parent[a] != a {
        parent[a] = parent[parent[a]]
        a = parent[a]
      }
      return a
    }
    try forEachNeighbourPair(centred, kernel: kernel, radius: radius) { i, j in
      guard isCore[i] && isCore[j] else { return }
      let ri = find(i)
      let rj = find(j)
      if ri != rj { parent[max(ri, rj)] = min(ri, rj) }  // the root is the lowest index
    }
    var labels = [Int32](repeating: -1, count: n)
    var clusterOfRoot = [Int: Int32]()
    for i in 0..<n where isCore[i] {
      let root = find(i)
      if let c = clusterOfRoot[root] {
        labels[i] = c
      } else {
        let c = Int32(clusterOfRoot.count)
        clusterOfRoot[root] = c
        labels[i] = c
      }
    }
    let coreIndices = (0..<n).filter { isCore[$0] }

    // Pass 3: border points join the lowest-numbered cluster among their core neighbours.
    let borderIndices = (0..<n).filter { !isCore[$0] && counts[$0] > 1 }
    if !borderIndices.isEmpty && !coreIndices.isEmpty {
      let cores = centred.gathering(rows: coreIndices)
      try kernel.forEachTile(queries: centred.gathering(rows: borderIndices), references: cores) {
        queryRows, referenceRows, tile in
        let width = referenceRows.count
        for (qi, q) in queryRows.enumerated() {
          let point = borderIndices[q]
          for (rj, r) in referenceRows.enumerated() where tile[qi * width + rj] <= radius {
            let c = labels[coreIndices[r]]
            if labels[point] < 0 || c < labels[point] { labels[point] = c }
          }
        }
      }
    }

    // Noise.
    let denseClusters = clusterOfRoot.count
    let noiseIndices = (0..<n).filter { labels[$0] < 0 }
    switch noise {
    case .label:
      break
    case .singletons:
      for (k, i) in noiseIndices.enumerated() { labels[i] = Int32(denseClusters + k) }
    case .nearestCore:
      if !noiseIndices.isEmpty && !coreIndices.isEmpty {
        let nearest = try kernel.argmin(
          queries: centred.gathering(rows: noiseIndices), references: centred.gathering(rows: coreIndices))
        for (k, i) in noiseIndices.enumerated() { labels[i] = labels[coreIndices[Int(nearest.indices[k])]] }
      }
    }

    let clusterCount = Int((labels.max() ?? -1) + 1)
    let summary = ClusterRepresentatives.summarize(points: points, labels: labels, clusterCount: clusterCount)
    return ClusteringResult(
      labels: labels, centroids: summary.centroids, medoids: summary.medoids, inertia: summary.inertia)
  }

  /// Calls `body(i, j)` for every pair i < j with squared distance ≤ `radius`, streaming
  /// blocks of rows against the rows after them.
  func forEachNeighbourPair(
    _ points: Matrix, kernel: DistanceKernel, radius: Float, _ body: (Int, Int) -> Void
  ) throws {
    try kernel.forEachPair(of: points) { i, first, distances in
      for (k, value) in distances.enumerated() where value <= radius { body(i, first + k) }
    }
  }
}
