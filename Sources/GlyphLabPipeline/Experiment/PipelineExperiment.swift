import GlyphLabCore
import GlyphLabStrategies

/// One pipeline run assembled from plain values: which clustering, classifier and query
/// strategy, and the loop's settings. The experiment runner's `pipeline` kind builds this
/// from a spec and hands it the glyphs' features, built once by the runner's feature path
/// (`FeatureSpec` in GlyphLabRunner, shared by every kind and cached); tests and tools can
/// build both directly.
///
/// A glyph's path: features → clusters and few-shot model (``clustering``, ``classifier``)
/// → the loop (``HumanInTheLoopPipeline``) → per-round records, which the runner writes to
/// the run log and the report reads.
public struct PipelineExperiment: Sendable {
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
    clustering: ClusteringChoice = ClusteringChoice(), classifier: ClassifierChoice = ClassifierChoice(),
    query: QueryChoice = QueryChoice(), pipeline: PipelineConfiguration = PipelineConfiguration(),
    costs: AnnotationCostModel = .standard
  ) {
    self.clustering = clustering
    self.classifier = classifier
    self.query = query
    self.pipeline = pipeline
    self.costs = costs
  }

  /// Clustering: k-means, mini-batch k-means or leader clustering.
  public struct ClusteringChoice: Sendable, Equatable {
    /// The method (default k-means); see ``PipelineExperiment/clusteringMethods``.
    public var method: ClusteringAlgorithm = .kmeans
    /// Average glyphs per cluster; k = glyphs / this (default 20).
    public var glyphsPerCluster: Int = 20
    /// Lloyd iterations at most (default 30).
    public var maxIterations: Int = 30
    /// Leader threshold (Euclidean distance), for leader clustering.
    public var threshold: Double = 1
    /// k-means's E-step (default exact; inverted lists for many clusters).
    public var assignment: KMeansAssignment = .exact
    public init() {}
  }

  /// The few-shot classifier.
  public struct ClassifierChoice: Sendable, Equatable {
    /// The method (default kNN).
    public var method: FewShotMethod = .knn
    /// Its options: k, metric, within-class whitening (default on) and shrinkage.
    public var options: FewShotMethod.Options = {
      var options = FewShotMethod.Options()
      options.whitening = true
      return options
    }()
    public init() {}
  }

  /// The query strategy.
  public struct QueryChoice: Sendable, Equatable {
    /// The strategy (default hybrid).
    public var strategy: QueryStrategyChoice = .hybrid
    /// For hybrid: rounds of cluster representatives before uncertainty (default 1).
    public var clusterRounds: Int = 1
    public init() {}
  }

  /// The clustering methods the loop supports (it needs a partition of every glyph: no
  /// noise, and k from ``ClusteringChoice/glyphsPerCluster`` or a leader threshold).
  public static let clusteringMethods: [ClusteringAlgorithm] = [.kmeans, .miniBatchKMeans, .leader]

  /// The result of a run.
  public struct Outcome: Sendable {
    public var result: PipelineResult
    /// The number of glyphs.
    public var glyphs: Int
    /// The number of classes present.
    public var classes: Int
  }

  /// Runs the loop with `seed` on `features` (one row per glyph) whose true labels are
  /// `truth`. Throws when a glyph has no label (the simulated annotator needs ground truth).
  ///
  /// `references` (labelled glyphs nobody labels, in the same feature space) join the
  /// model's support from round 0; `adapter` renews the features as people label
  /// (``HumanInTheLoopPipeline/run(features:truth:references:adapter:onRound:)``).
  public func run(
    features x: Matrix, truth: [Int32], seed: UInt64, references: ReferenceSet? = nil,
    adapter: (any FeatureAdapter)? = nil, onRound: ((PipelineRound) throws -> Void)? = nil
  ) throws -> Outcome {
    var person = try SimulatedAnnotator(truth: truth.map { max($0, 0) }, costs: costs)
    return try run(
      features: x, truth: truth, seed: seed, annotator: &person, references: references, adapter: adapter,
      onRound: onRound)
  }

  /// Runs the loop as ``run(features:truth:seed:references:adapter:onRound:)`` does, with
  /// `annotator` (for example a person at a browser) answering instead of the ground truth;
  /// everything else is the same code path.
  public func run<A: Annotator>(
    features x: Matrix, truth: [Int32], seed: UInt64, annotator: inout A, references: ReferenceSet? = nil,
    adapter: (any FeatureAdapter)? = nil, onRound: ((PipelineRound) throws -> Void)? = nil
  ) throws -> Outcome {
    let n = truth.count
    guard n > 0, x.rows == n else {
      throw GlyphLabError.shapeMismatch(operation: "PipelineExperiment", detail: "\(x.rows) feature rows, \(n) labels")
    }
    if let bad = truth.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "PipelineExperiment", name: "labels[\(bad)]", value: "-1",
        reason: "glyph \(bad) has no label; the simulated annotator needs ground truth for every glyph")
    }
    var configuration = pipeline
    configuration.seed = seed
    let loop = HumanInTheLoopPipeline(
      configuration: configuration, clustering: try makeClustering(glyphs: n, seed: seed),
      classifier: makeClassifier(seed: seed), strategy: query.strategy.make(clusterRounds: query.clusterRounds),
      costs: costs)
    let result = try loop.run(
      features: x, truth: truth, annotator: &annotator, references: references, adapter: adapter, onRound: onRound)
    return Outcome(result: result, glyphs: n, classes: Set(truth).count)
  }

  func makeClustering(glyphs n: Int, seed: UInt64) throws -> any ClusteringMethod {
    guard Self.clusteringMethods.contains(clustering.method) else {
      throw GlyphLabError.invalidArgument(
        operation: "clustering", name: "method", value: clustering.method.rawValue,
        reason: "the pipeline supports \(Self.clusteringMethods.map(\.rawValue).joined(separator: ", "))")
    }
    var options = ClusteringAlgorithm.Options(clusters: clusterCount(glyphs: n))
    options.maxIterations = clustering.maxIterations
    options.threshold = Float(clustering.threshold)
    options.seed = seed
    options.assignment = clustering.assignment
    if clustering.method == .miniBatchKMeans { options.tolerance = 0 }  // scikit-learn's default there
    return clustering.method.make(options)
  }

  /// k for `n` glyphs: n / ``ClusteringChoice/glyphsPerCluster``, at least 1 and at most n.
  public func clusterCount(glyphs n: Int) -> Int {
    max(1, min(n, n / max(1, clustering.glyphsPerCluster)))
  }

  func makeClassifier(seed: UInt64) -> any FewShotClassifier {
    var options = classifier.options
    options.seed = seed
    return classifier.method.make(options)
  }
}
