import Foundation
import GlyphLabCore
import GlyphLabPipeline
import GlyphLabStrategies

/// The `clustering` experiment kind: clusters a GlyphLab dataset's glyphs with any
/// ``ClusteringAlgorithm`` (k-means, mini-batch k-means, agglomerative Ward or average,
/// DBSCAN, leader) on any feature kind (``FeatureSpec``), and scores the clusters against
/// the true labels with ``ClusteringMetrics`` (ARI, AMI, NMI, homogeneity, completeness,
/// V-measure, Fowlkes–Mallows, purity), as scikit-learn computes them.
///
/// Beside the scores it records what the clusters are worth to people: the simulated cost
/// of labelling every glyph by verifying its cluster as grids (``GridVerificationCost``,
/// the pipeline's cost model) against typing them all, and cluster-size statistics
/// (``ClusterSizeSummary``). Glyphs labelled −1 are clustered but left out of the scores;
/// DBSCAN's noise points (−1) are scored as one extra "noise" cluster, as scikit-learn's
/// metrics do with its labels. A method that would not fit in `clustering.memory_limit_mb`
/// is refused before it allocates (the dry run checks it too).
public struct ClusteringExperiment: ExperimentKind {
  /// "clustering".
  public static let name = "clustering"

  /// How k-means chooses its starting centres (`clustering.init`).
  enum Start: String, CaseIterable {
    case kMeansPlusPlus = "k-means++"
    case random

    var initialization: KMeansInitialization { self == .random ? .random : .kMeansPlusPlus }
  }

  /// The dataset, feature, clustering and cost parameters (docs/experiments.md lists them).
  public static let schema = ParameterSchema(
    FeatureSpec.datasetParameters
      + FeatureSpec.parameters(defaults: ["features.normalize": .bool(true)])
      + [
        ParameterDefinition(
          "clustering.method", .choice(of: ClusteringAlgorithm.self), default: .string("kmeans"),
          doc: "kmeans, minibatch-kmeans, agglomerative-ward, agglomerative-average, dbscan or leader"),
        ParameterDefinition(
          "clustering.clusters", .int(0...1_000_000), default: .int(0),
          doc: "k (k-means family, agglomerative); 0 = the number of classes among the glyphs used"),
        ParameterDefinition(
          "clustering.init", .choice(of: Start.self), default: .string("k-means++"),
          doc: "how k-means chooses its starting centres"),
        ParameterDefinition(
          "clustering.restarts", .int(0...1000), default: .int(0),
          doc: "k-means runs, keeping the lowest inertia; 0 = scikit-learn's auto"),
        ParameterDefinition(
          "clustering.max_iterations", .int(1...100_000), default: .int(300), doc: "most k-means iterations per run"),
        ParameterDefinition(
          "clustering.tolerance", .double(0...1), default: .double(1e-4),
          doc: "k-means convergence tolerance relative to the mean feature variance"),
        ParameterDefinition(
          "clustering.batch_size", .int(1...10_000_000), default: .int(1024), doc: "mini-batch size (minibatch-kmeans)"),
        ParameterDefinition(
          "clustering.eps", .double(0...1e12), default: .double(0),
          doc: "DBSCAN neighbourhood radius (Euclidean); 0 = the median distance to the min_samples-th neighbour"),
        ParameterDefinition(
          "clustering.min_samples", .int(1...1_000_000), default: .int(5), doc: "DBSCAN points that make a core point"),
        ParameterDefinition(
          "clustering.threshold", .double(0...1e12), default: .double(0),
          doc:
            "leader: Euclidean distance within which a glyph joins a leader; 0 = the median distance to the min_samples-th neighbour"
        ),
        ParameterDefinition(
          "clustering.memory_limit_mb", .int(1...1_048_576), default: .int(2048),
          doc: "refuse a method needing more memory than this (agglomerative: n(n−1)/2 distances)"),
        ParameterDefinition(
          "grids.max_size", .int(1...10_000), default: .int(16), doc: "glyphs per verification grid at most"),
      ] + KMeansAssignmentParameters.definitions + CostParameters.definitions(costKeys))

  /// The cost keys grids are priced with.
  static let costKeys = ["costs.type", "costs.cluster_base", "costs.cluster_per_glyph", "costs.mark_wrong"]

  /// The scores `glyphlab runs` shows.
  public static let keyMetrics = ["ari", "ami", "nmi", "v_measure", "purity", "clusters_found", "grid_efficiency"]

  let parameters: ResolvedParameters
  let datasetPath: String
  let limit: Int
  let features: FeatureSpec
  let method: ClusteringAlgorithm
  let options: ClusteringAlgorithm.Options
  let maxGridSize: Int
  let costs: AnnotationCostModel

  /// Reads the parameters; more clusters than `dataset.limit` glyphs is an error.
  public init(parameters p: ResolvedParameters) throws {
    parameters = p
    datasetPath = try p.string("dataset.path")
    guard !datasetPath.isEmpty else { throw p.error("dataset.path", "must name a dataset file") }
    limit = try p.int("dataset.limit")
    features = try FeatureSpec(parameters: p)
    method = try p.choice("clustering.method", as: ClusteringAlgorithm.self)
    var options = ClusteringAlgorithm.Options(clusters: try p.int("clustering.clusters"))
    if limit > 0 && options.clusters > limit {
      throw p.error("clustering.clusters", "\(options.clusters) clusters for \(limit) glyphs (dataset.limit)")
    }
    options.initialization = try p.choice("clustering.init", as: Start.self).initialization
    let restarts = try p.int("clustering.restarts")
    options.restarts = restarts == 0 ? nil : restarts
    options.maxIterations = try p.int("clustering.max_iterations")
    options.tolerance = try p.double("clustering.tolerance")
    options.batchSize = try p.int("clustering.batch_size")
    options.eps = Float(try p.double("clustering.eps"))
    options.minSamples = try p.int("clustering.min_samples")
    options.threshold = Float(try p.double("clustering.threshold"))
    options.memoryLimit = try p.int("clustering.memory_limit_mb") << 20
    options.assignment = try KMeansAssignmentParameters.read(p, method: method)
    if options.clusters > 0 {
      try KMeansAssignmentParameters.check(options.assignment, clusters: options.clusters, parameters: p)
    }
    self.options = options
    maxGridSize = try p.int("grids.max_size")
    costs = try CostParameters.model(p, keys: Self.costKeys)
  }

  /// Checks that the dataset and features exist and that the method fits in memory.
  public func checkInputs() throws {
    let n = try FeatureBuilder.check(datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters)
    try checkMemory(points: n, dimensions: 1)
  }

  func checkMemory(points n: Int, dimensions d: Int) throws {
    let bytes = method.requiredBytes(points: n, dimensions: d, clusters: options.clusters)
    guard bytes <= options.memoryLimit else {
      let mb = (bytes + (1 << 20) - 1) >> 20
      throw parameters.error(
        "clustering.method",
        "\(method.rawValue) on \(n) glyphs needs about \(mb) MB, over clustering.memory_limit_mb "
          + "(\(options.memoryLimit >> 20)); lower dataset.limit, or raise the limit if the machine has the memory")
    }
  }

  /// Builds (or reuses) the features, clusters them with `seed`, and records the scores,
  /// the grid-verification cost, cluster sizes, one curve row and, if asked, every glyph's
  /// cluster.
  ///
  /// - Complexity: that of the clustering method, e.g. O(restarts · iterations · n · k · d)
  ///   for k-means or O(n²·d) for agglomerative clustering, plus O(n log n) for the scores.
  public func run(seed: UInt64, recorder: RunRecorder) throws {
    let input = try FeatureBuilder.features(
      datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters, seed: seed)
    let labelled = input.labels.indices.filter { input.labels[$0] >= 0 }
    let classes = Set(labelled.map { input.labels[$0] }).count
    var options = self.options
    options.seed = seed
    if options.clusters == 0 { options.clusters = classes }
    if method.takesClusterCount && options.clusters < 1 {
      throw parameters.error(
        "clustering.clusters", "the glyphs used have no labels to take the number of classes from; set it")
    }
    try checkMemory(points: input.features.rows, dimensions: input.features.columns)
    try KMeansAssignmentParameters.check(options.assignment, clusters: options.clusters, parameters: parameters)
    if (method == .dbscan && options.eps == 0) || (method == .leader && options.threshold == 0) {
      let squared = try Self.medianNeighborDistance(input.features, k: options.minSamples)
      options.eps = squared.squareRoot()
      options.threshold = squared.squareRoot()
    }
    let start = ContinuousClock.now
    let result = try method.make(options).cluster(input.features)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let metrics = try ClusteringMetrics(
      truth: labelled.map { input.labels[$0] }, predicted: labelled.map { result.labels[$0] })
    let sizes = ClusterSizeSummary(labels: result.labels, noiseLabel: -1)
    let grid = GridVerificationCost(
      clusters: result.labels, truth: input.labels, costs: costs, maxGridSize: maxGridSize)

    let scores: [(String, Double)] = [
      ("ari", metrics.adjustedRandIndex), ("ami", metrics.adjustedMutualInformation),
      ("nmi", metrics.normalizedMutualInformation), ("homogeneity", metrics.homogeneity),
      ("completeness", metrics.completeness), ("v_measure", metrics.vMeasure),
      ("fowlkes_mallows", metrics.fowlkesMallows), ("purity", metrics.purity),
    ]
    for (name, value) in scores { try recorder.setScalar(name, value) }
    try recorder.setScalar("inertia", result.inertia ?? .nan)
    if method == .dbscan { try recorder.setScalar("eps_used", Double(options.eps)) }
    if method == .leader { try recorder.setScalar("threshold_used", Double(options.threshold)) }
    try recorder.setScalar("throughput_cluster", seconds > 0 ? Double(input.features.rows) / seconds : .nan)
    try recorder.setScalar("throughput_features", input.throughput)
    try recorder.setScalar("grid_cost", grid.gridSeconds)
    try recorder.setScalar("manual_cost", grid.manualSeconds)
    try recorder.setScalar("grid_efficiency", grid.efficiency)
    try recorder.setInteger("grids", grid.grids)
    try recorder.setInteger("grid_marked_wrong", grid.markedWrong)
    try recorder.setInteger("typed_directly", grid.typedDirectly)
    try recorder.setInteger("clusters", method.takesClusterCount ? options.clusters : 0)
    try recorder.setInteger("clusters_found", sizes.clusterCount)
    try recorder.setInteger("singletons", sizes.singletons)
    try recorder.setInteger("largest_cluster", sizes.largest)
    try recorder.setScalar("median_cluster_size", sizes.medianSize)
    try recorder.setInteger("noise_points", sizes.noisePoints)
    try recorder.setInteger("iterations", result.iterations ?? 0)
    try recorder.setInteger("glyphs", input.features.rows)
    try recorder.setInteger("labelled_glyphs", labelled.count)
    try recorder.setInteger("classes", classes)
    try recorder.setInteger("feature_dimensions", input.features.columns)
    try recorder.setString("features", input.extractor)
    try recorder.setString("dataset_name", input.datasetName)
    try recorder.setString("dataset_source", input.source)
    try recorder.appendCurveRow(
      Dictionary(uniqueKeysWithValues: scores + [("inertia", result.inertia ?? .nan)]),
      integers: ["iterations": result.iterations ?? 0])
    try recorder.setPredictions(labels: result.labels)
  }

  /// The median over glyphs of the squared Euclidean distance to the k-th nearest glyph (the
  /// glyph itself counting as the first, as DBSCAN's `min_samples` does); its square root is
  /// a label-free scale for DBSCAN's radius and the leader threshold.
  ///
  /// - Complexity: O(n²·d), one blocked top-k search.
  static func medianNeighborDistance(_ x: Matrix, k: Int) throws -> Float {
    let k = max(1, min(k, x.rows))
    let neighbors = try DistanceKernel().topK(queries: x, references: x, k: k)
    var kth = (0..<x.rows).map { max(0, neighbors.distances(row: $0).max() ?? 0) }
    kth.sort()
    return kth.isEmpty ? 0 : kth[kth.count / 2]
  }
}
