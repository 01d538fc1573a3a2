import GlyphLabCore

/// Mini-batch k-means for large point sets, following scikit-learn's `MiniBatchKMeans`
/// (Sculley, 2010).
///
/// Centres start from k-means++ on a random subsample of ``initSize`` points (with
/// ``restarts`` candidate initialisations, the one with the lowest inertia on a validation
/// subsample kept). Each step draws ``batchSize`` points uniformly with replacement, assigns
/// them with the fused SGEMM + argmin kernel and moves every centre that received points to
/// the running mean of all points it has received: centre c with count nᶜ and batch points
/// x₁…x_m becomes (nᶜ·c + Σxᵢ) / (nᶜ + m), i.e. a per-centre learning rate 1/count.
/// It stops after ``maxIterations`` passes over the data (n · maxIterations / batchSize
/// steps), when the squared centre shift of a step falls to ``tolerance`` × the mean feature
/// variance (if tolerance > 0), or when an exponentially weighted average of the batch
/// inertia has not improved for ``maxNoImprovement`` steps. Finally every point is labelled
/// with its nearest final centre and the inertia computed over all points.
///
/// Differences from scikit-learn: subsamples are drawn without replacement, and the random
/// reassignment of rarely used centres (`reassignment_ratio`) is not done. When the init
/// subsample has fewer distinct rows than k, the missing centres are chosen farthest-first
/// from all the points; when all the points have fewer distinct rows than k it throws.
///
/// Deterministic for a given ``seed``, whatever ``BLAS/threadCount`` is.
///
/// - Complexity: O(steps · batchSize · k · d) time for the steps, plus O(n · k · d) for the
///   final labels; O(batchSize · d + k · d + n) extra memory.
public struct MiniBatchKMeans: ClusteringMethod {
  /// How the starting centres are chosen.
  public typealias Initialization = KMeansInitialization

  /// The number of clusters k (required; 1 ≤ k ≤ the number of points).
  public var clusters: Int
  /// Points per step (default 1024, as scikit-learn).
  public var batchSize: Int
  /// The starting centres (default k-means++ on the init subsample).
  public var initialization: Initialization
  /// Points the initialisation looks at; `nil` (default) means scikit-learn's
  /// 3 · batchSize, at least 3k, at most n.
  public var initSize: Int?
  /// Candidate initialisations (scikit-learn's `n_init`); `nil` (default) means 1 for
  /// k-means++ and given centres, 3 for random.
  public var restarts: Int?
  /// The most passes over the data, in units of n points (default 100, as scikit-learn's
  /// `max_iter`).
  public var maxIterations: Int
  /// Steps without improvement of the smoothed batch inertia before stopping (default 10);
  /// `nil` turns this stopping rule off.
  public var maxNoImprovement: Int?
  /// Tolerance on the squared centre shift of a step, relative to the mean feature variance
  /// (default 0: off, as scikit-learn).
  public var tolerance: Double
  /// Seed for the subsamples, the initialisation and the batches.
  public var seed: UInt64

  /// Creates a mini-batch k-means configuration with scikit-learn's defaults.
  public init(
    clusters: Int, batchSize: Int = 1024, initialization: Initialization = .kMeansPlusPlus,
    initSize: Int? = nil, restarts: Int? = nil, maxIterations: Int = 100,
    maxNoImprovement: Int? = 10, tolerance: Double = 0, seed: UInt64 = 0
  ) {
    self.clusters = clusters
    self.batchSize = batchSize
    self.initialization = initialization
    self.initSize = initSize
    self.restarts = restarts
    self.maxIterations = maxIterations
    self.maxNoImprovement = maxNoImprovement
    self.tolerance = tolerance
    self.seed = seed
  }

  /// "minibatch-kmeans".
  public var name: String { "minibatch-kmeans" }

  /// The number of candidate initialisations this configuration tries.
  public var effectiveRestarts: Int {
    switch initialization {
    case .given: return 1
    case .kMeansPlusPlus: return restarts ?? 1
    case .random: return restarts ?? 3
    }
  }

  /// The init subsample size for `count` points.
  public func effectiveInitSize(points count: Int) -> Int {
    var size = initSize ?? 3 * batchSize
    if initSize == nil && size < clusters { size = 3 * clusters }
    return min(count, max(size, clusters))
  }

  /// Clusters the rows of `points`. ``ClusteringResult/iterations`` is the number of
  /// mini-batch steps taken.
  ///
  /// Throws ``GlyphLabError`` for k ≤ 0, k larger than the number of points, fewer distinct
  /// rows than k, NaN or infinity, and bad parameters.
  public func cluster(_ points: Matrix) throws -> ClusteringResult {
    try validate(points)
    let n = points.rows
    var generator = SeededGenerator(seed: seed)
    let absoluteTolerance =
      tolerance > 0 ? tolerance * CenteredPoints(points, varianceNeeded: true).meanVariance : 0
    var centres = try initialCentres(points, generator: &generator)

    let kernel = DistanceKernel(metric: .squaredEuclidean)
    let d = points.columns
    var counts = [Double](repeating: 0, count: clusters)
    var state = MiniBatchConvergence(
      batchSize: batchSize, sampleCount: n, tolerance: absoluteTolerance,
      maxNoImprovement: maxNoImprovement)
    let steps = max(1, Int((Double(maxIterations) * Double(n) / Double(batchSize)).rounded(.down)))
    var taken = 0
    for step in 0..<steps {
      taken = step + 1
      let indices = (0..<batchSize).map { _ in generator.uniformInt(below: n) }
      let batch = points.gathering(rows: indices)
      let nearest = try kernel.argmin(queries: batch, references: centres)
      let batchInertia = nearest.distances.reduce(0.0) { $0 + Double($1) }
      let accumulator = ClusterAccumulator(points: batch, labels: nearest.indices, clusters: clusters)
      var updated = centres
      updated.withUnsafeMutableBufferPointer { c in
        for cluster in 0..<clusters where accumulator.counts[cluster] > 0 {
          let old = counts[cluster]
          let total = old + Double(accumulator.counts[cluster])
          for j in 0..<d {
            let value = (Double(c[cluster * d + j]) * old + accumulator.sums[cluster * d + j]) / total
            c[cluster * d + j] = Float(value)
          }
          counts[cluster] = total
        }
      }
      let shift = absoluteTolerance > 0 ? KMeans.squaredShift(centres, updated) : 0
      centres = updated
      if state.shouldStop(step: step, batchInertia: batchInertia, centreShift: shift) { break }
    }
    let labels = try kernel.argmin(queries: points, references: centres).indices
    return ClusteringResult(
      labels: labels, centroids: centres,
      inertia: KMeans.inertia(points: points, centres: centres, labels: labels), iterations: taken)
  }
}
