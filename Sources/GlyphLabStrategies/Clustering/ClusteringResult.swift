import GlyphLabCore

/// What a clustering method found.
public struct ClusteringResult: Sendable, Equatable {
  /// The cluster of each point, `0..<clusterCount`; −1 marks noise (density methods).
  public var labels: [Int32]
  /// Cluster centres (`clusterCount × d`), for centroid methods.
  public var centroids: Matrix?
  /// The row index of each cluster's medoid, for methods that have one.
  public var medoids: [Int]?
  /// Sum of squared distances to the assigned centroid, where defined.
  public var inertia: Double?
  /// Iterations run, for iterative methods.
  public var iterations: Int?

  public init(
    labels: [Int32], centroids: Matrix? = nil, medoids: [Int]? = nil, inertia: Double? = nil,
    iterations: Int? = nil
  ) {
    self.labels = labels
    self.centroids = centroids
    self.medoids = medoids
    self.inertia = inertia
    self.iterations = iterations
  }

  /// The number of clusters (noise excluded).
  public var clusterCount: Int { Int((labels.max() ?? -1) + 1) }

  /// The number of points labelled noise (−1).
  public var noiseCount: Int { labels.count { $0 < 0 } }
}
