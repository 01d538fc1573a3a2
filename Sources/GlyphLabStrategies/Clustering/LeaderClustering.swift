import GlyphLabCore

/// One-pass leader (threshold) clustering (Hartigan 1975), the classic baseline for grouping
/// OCR glyphs: points are visited once, in index order or a seeded shuffled order, and each
/// joins the nearest existing leader within Euclidean distance ``threshold`` (inclusive;
/// the lowest leader number on ties), or else becomes a new leader itself.
///
/// Leaders never move, so the result is exactly the sequential algorithm's. It is computed
/// in blocks: each block of points is matched against the leaders that existed before it
/// with one fused SGEMM argmin (``DistanceKernel/argmin(queries:references:)``), and then
/// resolved point by point against the few leaders created inside the block. The block
/// length adapts to how often new leaders appear (it only changes speed, never the result).
///
/// Clusters are numbered in order of creation. ``ClusteringResult/medoids`` are the leaders'
/// row indices; ``ClusteringResult/centroids`` are the member means after the pass (what a
/// running mean of each cluster would end at), and ``ClusteringResult/inertia`` is measured
/// from them.
public struct LeaderClustering: ClusteringMethod {
  /// The largest Euclidean distance at which a point joins a leader; must be positive.
  public var threshold: Float
  /// At most this many leaders (default nil, unlimited). Once it is reached, every further
  /// point joins its nearest leader, however far.
  public var maxLeaders: Int?
  /// Visit the points in a shuffled order drawn from ``seed`` instead of index order
  /// (default false).
  public var shuffle: Bool
  /// The seed of the shuffled order (default 0); unused when ``shuffle`` is false.
  public var seed: UInt64

  /// Creates the method; see the properties for the meaning and defaults.
  public init(threshold: Float, maxLeaders: Int? = nil, shuffle: Bool = false, seed: UInt64 = 0) {
    self.threshold = threshold
    self.maxLeaders = maxLeaders
    self.shuffle = shuffle
    self.seed = seed
  }

  /// "leader".
  public var name: String { "leader" }

  /// Clusters the rows of `points`.
  ///
  /// Throws on an empty matrix, NaN or infinity, a non-positive or non-finite
  /// ``threshold``, or a ``maxLeaders`` below 1.
  ///
  /// - Complexity: O(n·L·d) time for L leaders, mostly in SGEMM; O(n + L·d + the kernel's
  ///   tile) extra memory.
  public func cluster(_ points: Matrix) throws -> ClusteringResult {
    let operation = "LeaderClustering"
    try ClusterRepresentatives.validate(points, operation: operation)
    guard threshold > 0, threshold.isFinite else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "threshold", value: "\(threshold)", reason: "must be positive and finite")
    }
    if let maxLeaders, maxLeaders < 1 {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "maxLeaders", value: "\(maxLeaders)", reason: "must be at least 1")
    }
    let n = points.rows
    let d = points.columns
    var order = Array(0..<n)
    if shuffle {
      var generator = SeededGenerator(seed: seed)
      generator.shuffle(&order)
    }
    var centred = points
    try centred.subtractFromRows(points.columnMeans())
    let radius = threshold * threshold
    let limit = maxLeaders ?? Int.max
    let kernel = DistanceKernel(metric: .squaredEuclidean)

    var labels = [Int32](repeating: -1, count: n)
    var leaders = [Int]()
    var leaderValues = [Float]()
    var blockLength = 64
    var position = 0
    while position < n {
      let blockIndices = Array(order[position..<min(n, position + blockLength)])
      let block = centred.gathering(rows: blockIndices)
      let previous: NearestResult? =
        leaders.isEmpty
        ? nil
        : try kernel.argmin(queries: block, references: Matrix(rows: leaders.count, columns: d, elements: leaderValues))
      let firstNew = leaders.count
      block.withUnsafeBufferPointer { b in
        for (k, point) in blockIndices.enumerated() {
          var bestDistance = previous?.distances[k] ?? .infinity
          var bestLeader = Int(previous?.indices[k] ?? -1)
          for l in firstNew..<leaders.count {
            var s: Float = 0
            for j in 0..<d {
              let diff = b[k * d + j] - leaderValues[l * d + j]
              s += diff * diff
            }
            if s < bestDistance {
              bestDistance = s
              bestLeader = l
            }
          }
          if bestLeader >= 0 && (bestDistance <= radius || leaders.count >= limit) {
            labels[point] = Int32(bestLeader)
          } else {
            labels[point] = Int32(leaders.count)
            leaders.append(point)
            leaderValues.append(contentsOf: b[(k * d)..<((k + 1) * d)])
          }
        }
      }
      let created = leaders.count - firstNew
      blockLength = created * 8 > blockIndices.count ? max(16, blockLength / 2) : min(4096, blockLength * 2)
      position += blockIndices.count
    }

    let summary = ClusterRepresentatives.summarize(points: points, labels: labels, clusterCount: leaders.count)
    return ClusteringResult(
      labels: labels, centroids: summary.centroids, medoids: leaders, inertia: summary.inertia)
  }
}
