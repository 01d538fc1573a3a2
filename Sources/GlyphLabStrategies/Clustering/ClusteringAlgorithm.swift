import GlyphLabCore

/// The clustering methods an experiment can name, as a typed choice: the spec's
/// `clustering.method` is one of the raw values, and ``make(_:)`` builds the method.
public enum ClusteringAlgorithm: String, Sendable, CaseIterable, Codable {
  /// Lloyd k-means (``KMeans``).
  case kmeans
  /// Mini-batch k-means (``MiniBatchKMeans``).
  case miniBatchKMeans = "minibatch-kmeans"
  /// Agglomerative clustering with Ward linkage (``AgglomerativeClustering``).
  case agglomerativeWard = "agglomerative-ward"
  /// Agglomerative clustering with average linkage (UPGMA).
  case agglomerativeAverage = "agglomerative-average"
  /// Density-based clustering (``DBSCAN``); noise points are labelled −1.
  case dbscan
  /// One-pass leader clustering (``LeaderClustering``).
  case leader

  /// The values every method may read; each uses only its own (see the properties).
  public struct Options: Sendable, Equatable {
    /// k, for k-means, mini-batch k-means and agglomerative clustering.
    public var clusters: Int
    /// k-means initialisation (default k-means++).
    public var initialization: KMeansInitialization = .kMeansPlusPlus
    /// k-means restarts (nil = scikit-learn's auto).
    public var restarts: Int?
    /// Most iterations per run (k-means family).
    public var maxIterations: Int = 300
    /// Convergence tolerance (k-means family).
    public var tolerance: Double = 1e-4
    /// Mini-batch size.
    public var batchSize: Int = 1024
    /// DBSCAN's neighbourhood radius (Euclidean).
    public var eps: Float = 0.5
    /// DBSCAN's core-point count.
    public var minSamples: Int = 5
    /// Leader clustering's threshold, a Euclidean distance.
    public var threshold: Float = 1
    /// The most bytes agglomerative clustering may allocate (default 2 GiB).
    public var memoryLimit: Int = 2 << 30
    /// The seed of every random choice.
    public var seed: UInt64 = 0
    /// k-means's E-step (default exact); the other methods take only ``KMeansAssignment/exact``.
    public var assignment: KMeansAssignment = .exact

    /// Options with `clusters` clusters and defaults otherwise.
    public init(clusters: Int) { self.clusters = clusters }
  }

  /// Whether the method is told how many clusters to make (`clusters`); DBSCAN and leader
  /// clustering find their own number.
  public var takesClusterCount: Bool {
    switch self {
    case .kmeans, .miniBatchKMeans, .agglomerativeWard, .agglomerativeAverage: return true
    case .dbscan, .leader: return false
    }
  }

  /// The bytes the method allocates beyond the features for `points` rows of `dimensions`
  /// features: the condensed distance matrix for agglomerative clustering, O(n·(d + k)) for
  /// the others.
  public func requiredBytes(points: Int, dimensions: Int, clusters: Int) -> Int {
    switch self {
    case .agglomerativeWard, .agglomerativeAverage:
      return AgglomerativeClustering.requiredBytes(points: points, dimensions: dimensions)
    case .kmeans:
      // Labels and distances, the centres, and k-means++'s copy of the points (each centre's
      // members, contiguous), with up to half again of slack while centres shrink.
      return points * 16 + max(1, clusters) * dimensions * 8 + points * dimensions * 6
    case .miniBatchKMeans:
      return points * 16 + max(1, clusters) * dimensions * 8
    case .dbscan, .leader:
      return points * (16 + dimensions * 4)
    }
  }

  /// The configured method.
  public func make(_ options: Options) -> any ClusteringMethod {
    switch self {
    case .kmeans:
      return KMeans(
        clusters: options.clusters, initialization: options.initialization, restarts: options.restarts,
        maxIterations: options.maxIterations, tolerance: options.tolerance, seed: options.seed,
        assignment: options.assignment)
    case .miniBatchKMeans:
      return MiniBatchKMeans(
        clusters: options.clusters, batchSize: options.batchSize, initialization: options.initialization,
        restarts: options.restarts, maxIterations: options.maxIterations, tolerance: options.tolerance,
        seed: options.seed)
    case .agglomerativeWard:
      return AgglomerativeClustering(clusters: options.clusters, linkage: .ward, memoryLimit: options.memoryLimit)
    case .agglomerativeAverage:
      return AgglomerativeClustering(
        clusters: options.clusters, linkage: .average, memoryLimit: options.memoryLimit)
    case .dbscan:
      return DBSCAN(eps: options.eps, minSamples: options.minSamples)
    case .leader:
      return LeaderClustering(threshold: options.threshold, seed: options.seed)
    }
  }
}
