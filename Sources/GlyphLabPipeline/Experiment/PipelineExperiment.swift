import Dispatch
import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabStrategies

/// One pipeline run assembled from plain values: which dataset, which features, which
/// clustering, classifier and query strategy, and the loop's settings. The experiment
/// runner's `pipeline` kind builds this from a spec; tests and tools can build it directly.
///
/// A glyph's path: dataset images → features (``features``) → clusters and few-shot model
/// (``clustering``, ``classifier``) → the loop (``HumanInTheLoopPipeline``) → per-round
/// records, which the runner writes to the run log and the report reads.
public struct PipelineExperiment: Sendable {
  /// A GlyphLab dataset file (Datasets/README.md).
  public var dataset: String
  /// Use only the first `limit` glyphs (nil = all).
  public var limit: Int?
  /// How glyph images become vectors.
  public var features: FeatureChoice
  /// How glyphs are clustered.
  public var clustering: ClusteringChoice
  /// The few-shot model.
  public var classifier: ClassifierChoice
  /// What people are shown next.
  public var query: QueryChoice
  /// The loop's settings (target, budget, batch, grids); its seed is replaced per run.
  public var pipeline: PipelineConfiguration
  /// The annotation cost model.
  public var costs: AnnotationCostModel

  public init(
    dataset: String, limit: Int? = nil, features: FeatureChoice = FeatureChoice(),
    clustering: ClusteringChoice = ClusteringChoice(), classifier: ClassifierChoice = ClassifierChoice(),
    query: QueryChoice = QueryChoice(), pipeline: PipelineConfiguration = PipelineConfiguration(),
    costs: AnnotationCostModel = .standard
  ) {
    self.dataset = dataset
    self.limit = limit
    self.features = features
    self.clustering = clustering
    self.classifier = classifier
    self.query = query
    self.pipeline = pipeline
    self.costs = costs
  }

  /// Features: HOG or pixels, optionally reduced by PCA fitted on a seeded sample, or a
  /// matrix stored in the dataset under `/features/<name>`.
  public struct FeatureChoice: Sendable, Equatable {
    /// "hog", "pixels" or "dataset".
    public var kind: String = "hog"
    /// HOG cell size in pixels (default 6) and block size in cells (default 2).
    public var hogCell: Int = 6
    public var hogBlock: Int = 2
    /// Pixel downsampling factor (default 2).
    public var downsample: Int = 2
    /// PCA components (default 128; 0 keeps the raw features).
    public var pca: Int = 128
    /// Whiten the PCA coordinates (default false).
    public var whiten: Bool = false
    /// Glyphs PCA is fitted on, drawn with the run's seed (default 20,000).
    public var fitSample: Int = 20_000
    /// The `/features/<name>` matrix, when `kind` is "dataset".
    public var datasetFeatures: String = ""
    public init() {}
  }

  /// Clustering: k-means, mini-batch k-means or leader clustering.
  public struct ClusteringChoice: Sendable, Equatable {
    /// "kmeans", "minibatch-kmeans" or "leader".
    public var method: String = "kmeans"
    /// Average glyphs per cluster; k = glyphs / this (default 20).
    public var glyphsPerCluster: Int = 20
    /// Lloyd iterations at most (default 30).
    public var maxIterations: Int = 30
    /// Leader threshold (squared distance), for "leader".
    public var threshold: Double = 1
    public init() {}
  }

  /// The few-shot classifier.
  public struct ClassifierChoice: Sendable, Equatable {
    /// "knn", "prototype", "multi-prototype", "logistic-regression" or "label-propagation".
    public var name: String = "knn"
    /// Neighbours for kNN (default 1).
    public var k: Int = 1
    /// "cosine" or "sqeuclidean" (default cosine).
    public var metric: String = "cosine"
    /// Learn within-class whitening from the settled glyphs each round (default true).
    public var whitening: Bool = true
    /// Its shrinkage (default 0.1).
    public var shrinkage: Double = 0.1
    public init() {}
  }

  /// The query strategy.
  public struct QueryChoice: Sendable, Equatable {
    /// "hybrid", "random", "margin", "least-confidence", "entropy", "k-center",
    /// "typicality" or "cluster-representatives".
    public var strategy: String = "hybrid"
    /// For "hybrid": rounds of cluster representatives before uncertainty (default 1).
    public var clusterRounds: Int = 1
    public init() {}
  }

  /// The choices that name things, checked before anything runs.
  public static let featureKinds = ["hog", "pixels", "dataset"]
  public static let clusteringMethods = ["kmeans", "minibatch-kmeans", "leader"]
  public static let classifierNames = [
    "knn", "prototype", "multi-prototype", "logistic-regression", "label-propagation",
  ]
  public static let queryStrategies = [
    "hybrid", "random", "margin", "least-confidence", "entropy", "k-center", "typicality", "cluster-representatives",
  ]

  /// The result of a run, with the feature extraction's throughput.
  public struct Outcome: Sendable {
    public var result: PipelineResult
    /// Glyphs per second of feature extraction (including PCA).
    public var featureThroughput: Double
    /// The number of glyphs.
    public var glyphs: Int
    /// The number of classes present.
    public var classes: Int
  }

  /// Reads the dataset, extracts features, and runs the loop with `seed`.
  public func run(seed: UInt64, onRound: ((PipelineRound) throws -> Void)? = nil) throws -> Outcome {
    let reader = try GlyphDatasetReader(path: dataset)
    let n = min(limit ?? reader.count, reader.count)
    guard n > 0 else { throw DatasetError(path: dataset, reason: "no glyphs") }
    guard n > 1 else {
      throw DatasetError(
        path: dataset,
        reason: "has 1 glyph\(limit != nil ? " within the limit" : ""); the pipeline needs at least 2 (features are "
          + "fitted and glyphs clustered across the dataset); with one glyph, type it")
    }
    let truth = Array(try reader.labels().prefix(n))
    if let bad = truth.firstIndex(where: { $0 < 0 }) {
      throw DatasetError(
        path: dataset,
        reason: "glyph \(bad) has no label (−1); the simulated annotator needs ground truth for every glyph")
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let x = try extractFeatures(reader: reader, count: n, seed: seed)
    let featureSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if classifier.metric == "cosine", let blank = x.rowSquaredNorms().firstIndex(of: 0) {
      throw DatasetError(
        path: dataset,
        reason: "glyph \(blank) has all-zero features\(features.pca > 0 ? " after PCA centring" : "") (a blank image, "
          + "or one equal to the mean of all, as in a dataset of identical images); the cosine metric needs a "
          + "direction: use classifier.metric: sqeuclidean, or remove such glyphs")
    }
    var configuration = pipeline
    configuration.seed = seed
    let loop = HumanInTheLoopPipeline(
      configuration: configuration, clustering: try makeClustering(glyphs: n, seed: seed),
      classifier: try makeClassifier(seed: seed), strategy: try makeQuery(), costs: costs)
    let result = try loop.run(features: x, truth: truth, onRound: onRound)
    return Outcome(
      result: result, featureThroughput: featureSeconds > 0 ? Double(n) / featureSeconds : 0, glyphs: n,
      classes: Set(truth).count)
  }

  func extractFeatures(reader: GlyphDatasetReader, count n: Int, seed: UInt64) throws -> Matrix {
    var raw: Matrix
    switch features.kind {
    case "dataset":
      raw = try reader.features(features.datasetFeatures)
      if raw.rows > n { raw = raw.rows(0..<n) }
    case "pixels":
      raw = try PixelFeatures(downsample: features.downsample).features(of: try reader.images(0..<n))
    case "hog":
      raw = try HOGFeatures(cellSize: features.hogCell, blockSize: features.hogBlock).features(
        of: try reader.images(0..<n))
    default:
      throw GlyphLabError.invalidArgument(
        operation: "features", name: "kind", value: features.kind,
        reason: "must be one of \(Self.featureKinds.joined(separator: ", "))")
    }
    guard features.pca > 0 else { return raw }
    var g = SeededGenerator(seed: seed).derived("pca-sample")
    let sample = n <= features.fitSample ? Array(0..<n) : g.sample(features.fitSample, from: n).sorted()
    let model = try PCA(components: min(features.pca, raw.columns), whiten: features.whiten).fit(
      raw.gathering(rows: sample))
    return try model.transform(raw)
  }

  func makeClustering(glyphs n: Int, seed: UInt64) throws -> any ClusteringMethod {
    let k = max(1, min(n, n / max(1, clustering.glyphsPerCluster)))
    switch clustering.method {
    case "kmeans": return KMeans(clusters: k, maxIterations: clustering.maxIterations, seed: seed)
    case "minibatch-kmeans": return MiniBatchKMeans(clusters: k, maxIterations: clustering.maxIterations, seed: seed)
    case "leader": return LeaderClustering(threshold: Float(clustering.threshold), seed: seed)
    default:
      throw GlyphLabError.invalidArgument(
        operation: "clustering", name: "method", value: clustering.method,
        reason: "must be one of \(Self.clusteringMethods.joined(separator: ", "))")
    }
  }

  func makeClassifier(seed: UInt64) throws -> any FewShotClassifier {
    let metric: DistanceMetric = classifier.metric == "cosine" ? .cosine : .squaredEuclidean
    let base: any FewShotClassifier
    switch classifier.name {
    case "knn": base = KNearestNeighborsClassifier(k: classifier.k, metric: metric)
    case "prototype": base = PrototypeClassifier(metric: metric)
    case "multi-prototype": base = MultiPrototypeClassifier(metric: metric, seed: seed)
    case "logistic-regression": base = LogisticRegressionClassifier()
    case "label-propagation": base = LabelPropagationClassifier(metric: metric)
    default:
      throw GlyphLabError.invalidArgument(
        operation: "classifier", name: "name", value: classifier.name,
        reason: "must be one of \(Self.classifierNames.joined(separator: ", "))")
    }
    return classifier.whitening ? WhitenedClassifier(base, shrinkage: classifier.shrinkage) : base
  }

  func makeQuery() throws -> any QueryStrategy {
    switch query.strategy {
    case "hybrid": return HybridQuery(clusterRounds: query.clusterRounds)
    case "random": return RandomQuery()
    case "margin": return UncertaintyQuery(measure: .margin)
    case "least-confidence": return UncertaintyQuery(measure: .leastConfidence)
    case "entropy": return UncertaintyQuery(measure: .entropy)
    case "k-center": return KCenterGreedyQuery()
    case "typicality": return TypicalityQuery()
    case "cluster-representatives": return ClusterRepresentativeQuery()
    default:
      throw GlyphLabError.invalidArgument(
        operation: "query", name: "strategy", value: query.strategy,
        reason: "must be one of \(Self.queryStrategies.joined(separator: ", "))")
    }
  }
}
