import GlyphLabCore

/// K-means clustering with Lloyd's algorithm, following scikit-learn's `KMeans`
/// (`algorithm="lloyd"`).
///
/// Each iteration assigns every point to its nearest centre with the fused SGEMM + argmin
/// ``DistanceKernel/argmin(queries:references:)`` (the E-step), then moves each centre to the
/// mean of its points, accumulated in `Double` (the M-step). A cluster left empty is given
/// the point farthest from its centre, as scikit-learn does. Iteration stops when the labels
/// no longer change, when the squared centre shift Σ‖cᵢ − cᵢ′‖² falls to ``tolerance`` × the
/// mean feature variance, or after ``maxIterations``; unless the labels converged exactly, a
/// final E-step makes the labels those of the final centres. With several ``restarts`` the
/// run with the lowest inertia is kept (the earliest on a tie).
///
/// Like scikit-learn, the points are centred on their column means before clustering (it
/// makes the ‖x‖² + ‖c‖² − 2x·c distances more accurate in `Float`) and the mean is added back
/// to the returned centroids. The inertia is computed exactly, Σ‖x − c‖² in `Double`.
///
/// Deterministic: the same points and ``seed`` give the same result for every
/// ``BLAS/threadCount``.
///
/// - Complexity: O(restarts · iterations · n · k · d) time, dominated by SGEMM; O(n·d) extra
///   memory for the centred copy, plus O(n + k·d) and the distance kernel's tiles.
public struct KMeans: ClusteringMethod {
  /// How the starting centres are chosen.
  public typealias Initialization = KMeansInitialization

  /// The number of clusters k (required; 1 ≤ k ≤ the number of points).
  public var clusters: Int
  /// The starting centres (default ``KMeansInitialization/kMeansPlusPlus``, scikit-learn's
  /// greedy variant with 2 + ⌊ln k⌋ local trials).
  public var initialization: Initialization
  /// Independent runs, keeping the lowest inertia (scikit-learn's `n_init`). `nil` (the
  /// default) means scikit-learn's "auto": 1 for k-means++ and for given centres, 10 for
  /// random. A given initialisation always runs once.
  public var restarts: Int?
  /// The most Lloyd iterations per run (default 300).
  public var maxIterations: Int
  /// Convergence tolerance on the squared centre shift, relative to the mean variance of the
  /// features, as scikit-learn's `tol` (default 1e-4). 0 stops only when the labels stop
  /// changing or at ``maxIterations``.
  public var tolerance: Double
  /// Seed for the initialisation (restart r draws from `SeededGenerator(seed:).derived(r)`).
  public var seed: UInt64
  /// How the E-step finds each point's nearest centre (default ``KMeansAssignment/exact``;
  /// ``KMeansAssignment/inverted(lists:probes:)`` for many clusters, approximately).
  public var assignment: KMeansAssignment

  /// Creates a k-means configuration; every parameter but `clusters` has scikit-learn's
  /// default.
  public init(
    clusters: Int, initialization: Initialization = .kMeansPlusPlus, restarts: Int? = nil,
    maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0, assignment: KMeansAssignment = .exact
  ) {
    self.clusters = clusters
    self.initialization = initialization
    self.restarts = restarts
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.seed = seed
    self.assignment = assignment
  }

  /// "kmeans".
  public var name: String { "kmeans" }

  /// The number of runs this configuration makes.
  public var effectiveRestarts: Int {
    switch initialization {
    case .given: return 1
    case .kMeansPlusPlus: return restarts ?? 1
    case .random: return restarts ?? 10
    }
  }

  /// Clusters the rows of `points`.
  ///
  /// Throws ``GlyphLabError/invalidArgument(operation:name:value:reason:)`` for k ≤ 0, k larger
  /// than the number of points, fewer distinct rows than k (for example all points identical
  /// with k > 1), a bad parameter or given centres of the wrong shape;
  /// ``GlyphLabError/nonFinite(operation:argument:row:column:)`` for NaN or infinity.
  public func cluster(_ points: Matrix) throws -> ClusteringResult {
    try validate(points)
    let data = CenteredPoints(points, varianceNeeded: tolerance > 0)
    let absoluteTolerance = tolerance * data.meanVariance
    var best: LloydRun?
    for restart in 0..<effectiveRestarts {
      var generator = SeededGenerator(seed: seed).derived(UInt64(restart))
      let start = try initialCentres(data, generator: &generator)
      let run = try lloyd(points: data.points, centres: start, tolerance: absoluteTolerance)
      if let current = best, current.inertia <= run.inertia { continue }
      best = run
    }
    guard let best else {
      throw GlyphLabError.invalidArgument(
        operation: "KMeans", name: "restarts", value: "\(effectiveRestarts)", reason: "must be at least 1")
    }
    return ClusteringResult(
      labels: best.labels, centroids: data.restoring(best.centres), inertia: best.inertia,
      iterations: best.iterations)
  }

  /// The centres the first run starts from (restart 0's draw from ``seed``), in the points'
  /// coordinates: what ``cluster(_:)`` would start its Lloyd iterations at.
  ///
  /// Throws as ``cluster(_:)`` does for bad points or parameters.
  public func startingCentres(_ points: Matrix) throws -> Matrix {
    try validate(points)
    let data = CenteredPoints(points, varianceNeeded: false)
    var generator = SeededGenerator(seed: seed).derived(0)
    return data.restoring(try initialCentres(data, generator: &generator))
  }

  /// The starting centres of one run, in centred coordinates.
  func initialCentres(_ data: CenteredPoints, generator: inout SeededGenerator) throws -> Matrix {
    switch initialization {
    case .given(let centres):
      return data.centering(centres)
    case .random:
      return data.points.gathering(
        rows: KMeansSeeding.random(points: data.points, clusters: clusters, generator: &generator))
    case .kMeansPlusPlus:
      let chosen = try KMeansSeeding.kMeansPlusPlus(
        points: data.points, clusters: clusters, generator: &generator)
      guard chosen.count == clusters else {
        throw GlyphLabError.invalidArgument(
          operation: "KMeans", name: "clusters", value: "\(clusters)",
          reason: "the points have only \(chosen.count) distinct rows; ask for at most \(chosen.count) clusters")
      }
      return data.points.gathering(rows: chosen)
    }
  }
}
