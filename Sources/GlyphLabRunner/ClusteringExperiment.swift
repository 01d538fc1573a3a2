import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabStrategies

/// The `clustering` experiment kind: clusters a GlyphLab dataset's glyphs with k-means (or
/// mini-batch k-means) and scores the clusters against the true labels with
/// ``ClusteringMetrics`` (ARI, AMI, NMI, homogeneity, completeness, V-measure,
/// Fowlkes–Mallows, purity), as scikit-learn computes them.
///
/// Features are the dataset's pixels (ink = 1) averaged over `features.downsample` ×
/// `features.downsample` blocks, or a stored `/features/<name>` matrix, optionally
/// L2-normalised per row. Glyphs labelled −1 are clustered but left out of the scores.
/// One curve row holds the final iteration count, inertia and scores. Predictions are the
/// cluster of every glyph.
public struct ClusteringExperiment: ExperimentKind {
  /// "clustering".
  public static let name = "clustering"

  /// The dataset, feature and clustering parameters (docs/experiments.md lists them).
  public static let schema = ParameterSchema([
    ParameterDefinition("dataset.path", .file, default: nil, doc: "GlyphLab dataset file (.h5)"),
    ParameterDefinition(
      "dataset.limit", .int(0...Int.max), default: .int(0), doc: "use only the first N glyphs (0 = all)"),
    ParameterDefinition(
      "features.source", .string, default: .string("pixels"),
      doc: "\"pixels\", or the name of a /features matrix in the dataset"),
    ParameterDefinition(
      "features.downsample", .int(1...64), default: .int(1),
      doc: "average pixels over f×f blocks (pixels only)"),
    ParameterDefinition(
      "features.normalize", .bool, default: .bool(true), doc: "scale each feature row to unit L2 norm"),
    ParameterDefinition(
      "clustering.method", .choice(["kmeans", "minibatch-kmeans"]), default: .string("kmeans"),
      doc: "Lloyd k-means or mini-batch k-means"),
    ParameterDefinition(
      "clustering.clusters", .int(0...1_000_000), default: .int(0),
      doc: "k; 0 = the number of classes among the glyphs used"),
    ParameterDefinition(
      "clustering.init", .choice(["k-means++", "random"]), default: .string("k-means++"),
      doc: "how the starting centres are chosen"),
    ParameterDefinition(
      "clustering.restarts", .int(0...1000), default: .int(0),
      doc: "independent runs, keeping the lowest inertia; 0 = scikit-learn's auto"),
    ParameterDefinition(
      "clustering.max_iterations", .int(1...100_000), default: .int(300), doc: "most iterations per run"),
    ParameterDefinition(
      "clustering.tolerance", .double(0...1), default: .double(1e-4),
      doc: "convergence tolerance relative to the mean feature variance"),
    ParameterDefinition(
      "clustering.batch_size", .int(1...10_000_000), default: .int(1024), doc: "mini-batch size (minibatch-kmeans)"),
  ])

  /// The scores `glyphlab runs` shows.
  public static let keyMetrics = ["ari", "ami", "nmi", "v_measure", "purity", "clusters_found"]

  let datasetPath: String
  let limit: Int
  let featureSource: String
  let downsample: Int
  let normalize: Bool
  let method: String
  let clusters: Int
  let initialization: KMeansInitialization
  let restarts: Int?
  let maxIterations: Int
  let tolerance: Double
  let batchSize: Int

  /// Reads the parameters; `features.downsample` ≠ 1 with stored features, and more clusters
  /// than `dataset.limit` glyphs, are errors.
  public init(parameters: ResolvedParameters) throws {
    datasetPath = try parameters.string("dataset.path")
    guard !datasetPath.isEmpty else { throw parameters.error("dataset.path", "must name a dataset file") }
    limit = try parameters.int("dataset.limit")
    featureSource = try parameters.string("features.source")
    downsample = try parameters.int("features.downsample")
    if featureSource != "pixels" && downsample != 1 {
      throw parameters.error(
        "features.downsample", "applies to pixels only, but features.source is \"\(featureSource)\"")
    }
    normalize = try parameters.bool("features.normalize")
    method = try parameters.string("clustering.method")
    clusters = try parameters.int("clustering.clusters")
    if limit > 0 && clusters > limit {
      throw parameters.error("clustering.clusters", "\(clusters) clusters for \(limit) glyphs (dataset.limit)")
    }
    initialization = try parameters.string("clustering.init") == "random" ? .random : .kMeansPlusPlus
    let restarts = try parameters.int("clustering.restarts")
    self.restarts = restarts == 0 ? nil : restarts
    maxIterations = try parameters.int("clustering.max_iterations")
    tolerance = try parameters.double("clustering.tolerance")
    batchSize = try parameters.int("clustering.batch_size")
  }

  /// The features and labels of the glyphs used, shared between runs through
  /// ``ExperimentCache``.
  struct Input: Sendable {
    var features: Matrix
    var labels: [Int32]
  }

  func input() throws -> Input {
    let key = "clustering|\(datasetPath)|\(limit)|\(featureSource)|\(downsample)|\(normalize)"
    return try ExperimentCache.shared.value(for: key, bytes: { $0.features.rows * $0.features.columns * 4 }) {
      let reader = try GlyphDatasetReader(path: datasetPath)
      let count = limit > 0 ? min(limit, reader.count) : reader.count
      let labels = Array(try reader.labels().prefix(count))
      var features: Matrix
      if featureSource == "pixels" {
        features = try GlyphLabStrategies.PixelFeatures(downsample: downsample).features(
          of: try reader.images(0..<count))
      } else {
        let all = try reader.features(featureSource)
        features = count == all.rows ? all : all.gathering(rows: Array(0..<count))
      }
      if normalize { features.normalizeRows() }
      return Input(features: features, labels: labels)
    }
  }

  /// Loads (or reuses) the features, clusters them with `seed`, and records the scores, one
  /// curve row and, if asked, every glyph's cluster.
  ///
  /// - Complexity: that of the clustering method, O(restarts · iterations · n · k · d) for
  ///   k-means, plus O(n log n) for the scores.
  public func run(seed: UInt64, recorder: RunRecorder) throws {
    let input = try input()
    let labelled = input.labels.indices.filter { input.labels[$0] >= 0 }
    let classes = Set(labelled.map { input.labels[$0] }).count
    let k = clusters > 0 ? clusters : classes
    guard k >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "clustering", name: "clustering.clusters", value: "0",
        reason: "the glyphs used have no labels to take the number of classes from; set clustering.clusters")
    }
    let clock = ContinuousClock()
    let start = clock.now
    let result: ClusteringResult
    switch method {
    case "minibatch-kmeans":
      result = try MiniBatchKMeans(
        clusters: k, batchSize: batchSize, initialization: initialization, restarts: restarts,
        maxIterations: maxIterations, tolerance: tolerance, seed: seed
      ).cluster(input.features)
    default:
      result = try KMeans(
        clusters: k, initialization: initialization, restarts: restarts, maxIterations: maxIterations,
        tolerance: tolerance, seed: seed
      ).cluster(input.features)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let metrics = try ClusteringMetrics(
      truth: labelled.map { input.labels[$0] }, predicted: labelled.map { result.labels[$0] })

    let scores: [(String, Double)] = [
      ("ari", metrics.adjustedRandIndex), ("ami", metrics.adjustedMutualInformation),
      ("nmi", metrics.normalizedMutualInformation), ("homogeneity", metrics.homogeneity),
      ("completeness", metrics.completeness), ("v_measure", metrics.vMeasure),
      ("fowlkes_mallows", metrics.fowlkesMallows), ("purity", metrics.purity),
    ]
    for (name, value) in scores { try recorder.setScalar(name, value) }
    try recorder.setScalar("inertia", result.inertia ?? .nan)
    try recorder.setScalar("throughput_cluster", seconds > 0 ? Double(input.features.rows) / seconds : .nan)
    try recorder.setInteger("clusters", k)
    try recorder.setInteger("clusters_found", result.clusterCount)
    try recorder.setInteger("iterations", result.iterations ?? 0)
    try recorder.setInteger("glyphs", input.features.rows)
    try recorder.setInteger("labelled_glyphs", labelled.count)
    try recorder.setInteger("classes", classes)
    try recorder.setInteger("feature_dimensions", input.features.columns)
    try recorder.appendCurveRow(
      Dictionary(uniqueKeysWithValues: scores + [("inertia", result.inertia ?? .nan)]),
      integers: ["iterations": result.iterations ?? 0])
    try recorder.setPredictions(labels: result.labels)
  }
}
