import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabStrategies
import GlyphLabTraining

/// The `pipeline` experiment kind: the human-in-the-loop pipeline (``PipelineExperiment``)
/// on a GlyphLab dataset, with a simulated annotator. Each round is one curve row; the
/// summary scalars are the figures the report judges: final accuracy, labels and cost to
/// the target, efficiency against manual entry, AUBC and throughput.
public struct PipelineExperimentKind: ExperimentKind {
  public static let name = "pipeline"

  public static let schema = ParameterSchema(
    FeatureSpec.datasetParameters
      + FeatureSpec.parameters(defaults: [
        "features.kind": .string("hog"), "features.downsample": .int(2), "features.pca": .int(128),
      ]) + ReferenceSpec.parameters + AdaptSpec.parameters + [
        ParameterDefinition(
          "clustering.method", .choice(PipelineExperiment.clusteringMethods.map(\.rawValue)),
          default: .string("kmeans"),
          doc: "how glyphs are clustered for grids and cluster-based queries"),
        ParameterDefinition(
          "clustering.glyphs_per_cluster", .int(1...1_000_000), default: .int(20), doc: "k = glyphs / this"),
        ParameterDefinition(
          "clustering.max_iterations", .int(1...10_000), default: .int(30), doc: "Lloyd iterations at most"),
        ParameterDefinition("clustering.threshold", .double(0...1e12), default: .double(1), doc: "leader threshold"),
      ] + KMeansAssignmentParameters.definitions + [
        ParameterDefinition(
          "classifier.name", .choice(of: FewShotMethod.self), default: .string("knn"), doc: "the few-shot model"),
        ParameterDefinition("classifier.k", .int(1...1000), default: .int(1), doc: "neighbours (knn)"),
        ParameterDefinition(
          "classifier.metric", .choice(of: DistanceMetric.self), default: .string("cosine"), doc: "distance"),
        ParameterDefinition(
          "classifier.whitening", .bool, default: .bool(true), doc: "learn within-class whitening from settled glyphs"),
        ParameterDefinition("classifier.shrinkage", .double(0...1), default: .double(0.1), doc: "whitening shrinkage"),
      ] + NeighbourProbabilityParameters.definitions + [
        ParameterDefinition(
          "query.strategy", .choice(of: QueryStrategyChoice.self), default: .string("margin"),
          doc: "what people are shown next"),
        ParameterDefinition(
          "query.cluster_rounds", .int(0...10_000), default: .int(1), doc: "hybrid: cluster rounds first"),
        ParameterDefinition(
          "pipeline.budget", .string, default: .string("unlimited"),
          doc: "people's budget: unlimited, seconds (e.g. 5000), or manual/N (manual-entry cost ÷ N)"),
        ParameterDefinition(
          "pipeline.batch_size", .int(1...10_000_000), default: .int(500), doc: "glyphs chosen per round"),
        ParameterDefinition("pipeline.max_rounds", .int(1...100_000), default: .int(100), doc: "rounds at most"),
        ParameterDefinition(
          "pipeline.memory_limit_mb", .int(0...Int(Int32.max)), default: .int(0),
          doc: "refuse, before any work, a run estimated to need more (0: the machine's memory)",
          neutralDefault: true),
        ParameterDefinition(
          "pipeline.verify_clusters", .bool, default: .bool(false),
          doc: "show chosen glyphs with their cluster as a grid"),
        ParameterDefinition(
          "pipeline.max_grid_size", .int(1...10_000), default: .int(16), doc: "glyphs per grid at most"),
        ParameterDefinition(
          "pipeline.grid_source", .choice(of: PipelineConfiguration.GridSource.self),
          default: .string("prediction"), doc: "grids group a cluster, or a predicted class"),
        ParameterDefinition("pipeline.suggest", .bool, default: .bool(true), doc: "show the machine's suggestion"),
        ParameterDefinition(
          "pipeline.stop_at_target", .bool, default: .bool(true),
          doc: "stop at the first round that reaches the target; false spends the whole budget (efficiency "
            + "is still read where the curve first reaches the target)",
          neutralDefault: true),
        ParameterDefinition(
          "pipeline.refit", .choice(of: PipelineConfiguration.Refit.self), default: .string("after-batch"),
          doc: "refit after each batch, or in the background while the next (chosen one round earlier) is answered",
          neutralDefault: true),
      ] + CostParameters.definitions(CostParameters.allKeys))

  public static let keyMetrics = ["final_accuracy", "total_labels", "total_cost", "efficiency", "stop_reason"]

  let experiment: PipelineExperiment
  let parameters: ResolvedParameters
  let datasetPath: String
  let limit: Int
  let features: FeatureSpec
  let references: ReferenceSpec
  let adapt: AdaptSpec
  /// The budget as given: nil (unlimited), seconds, or a divisor of the manual cost.
  let budget: Budget

  enum Budget: Equatable {
    case unlimited
    case seconds(Double)
    case manualDividedBy(Double)
  }

  public init(parameters p: ResolvedParameters) throws {
    parameters = p
    datasetPath = try p.string("dataset.path")
    guard !datasetPath.isEmpty else { throw p.error("dataset.path", "must name a dataset file") }
    limit = try p.int("dataset.limit")
    features = try FeatureSpec(parameters: p)
    references = try ReferenceSpec(parameters: p)
    adapt = try AdaptSpec(parameters: p, features: features)
    var e = PipelineExperiment()
    e.clustering.method = try p.choice("clustering.method", as: ClusteringAlgorithm.self)
    e.clustering.glyphsPerCluster = try p.int("clustering.glyphs_per_cluster")
    e.clustering.maxIterations = try p.int("clustering.max_iterations")
    e.clustering.threshold = try p.double("clustering.threshold")
    e.clustering.assignment = try KMeansAssignmentParameters.read(p, method: e.clustering.method)
    e.classifier.method = try p.choice("classifier.name", as: FewShotMethod.self)
    e.classifier.options.k = try p.int("classifier.k")
    e.classifier.options.metric = try p.choice("classifier.metric", as: DistanceMetric.self)
    e.classifier.options.whitening = try p.bool("classifier.whitening")
    e.classifier.options.shrinkage = try p.double("classifier.shrinkage")
    try NeighbourProbabilityParameters.read(p, into: &e.classifier.options)
    e.query.strategy = try p.choice("query.strategy", as: QueryStrategyChoice.self)
    e.query.clusterRounds = try p.int("query.cluster_rounds")
    let target = p.target
    guard target > 0, target <= 1 else {
      throw ConfigError(file: "<spec>", line: 0, key: "target", message: "\(target) is outside (0, 1]")
    }
    e.pipeline.target = target
    e.pipeline.batchSize = try p.int("pipeline.batch_size")
    e.pipeline.maxRounds = try p.int("pipeline.max_rounds")
    e.pipeline.verifyClusters = try p.bool("pipeline.verify_clusters")
    e.pipeline.maxGridSize = try p.int("pipeline.max_grid_size")
    e.pipeline.gridSource = try p.choice("pipeline.grid_source", as: PipelineConfiguration.GridSource.self)
    e.pipeline.suggest = try p.bool("pipeline.suggest")
    e.pipeline.stopAtTarget = try p.bool("pipeline.stop_at_target")
    e.pipeline.refit = try p.choice("pipeline.refit", as: PipelineConfiguration.Refit.self)
    e.pipeline.adaptEvery = adapt.every
    e.costs = try CostParameters.model(p, keys: CostParameters.allKeys)
    budget = try Self.budget(try p.string("pipeline.budget"), parameters: p)
    experiment = e
  }

  /// Checks that the dataset and its features exist.
  public func checkInputs() throws {
    let glyphs = try FeatureBuilder.check(
      datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters)
    try checkMemory(glyphs: glyphs)
    try KMeansAssignmentParameters.check(
      experiment.clustering.assignment, clusters: experiment.clusterCount(glyphs: glyphs), parameters: parameters)
    if references.isEnabled {
      try references.check(
        corpus: try FeatureBuilder.open(datasetPath, parameters: parameters), corpusPath: datasetPath,
        parameters: parameters)
    }
  }

  /// The references in this run's feature space, shared by the runs with the same features.
  func loadReferences(_ input: DatasetFeatures, seed: UInt64) throws -> ReferenceSpec.Loaded? {
    guard references.isEnabled else { return nil }
    let key =
      "references|\(try FeatureBuilder.datasetIdentity(references.dataset))|\(references.mode)|\(references.cleanOnly)"
      + "|\(try FeatureBuilder.datasetIdentity(datasetPath))|limit=\(limit)|\(features.identity)"
      + (features.pca > 0 ? "|seed=\(seed)" : "")
    return try ExperimentCache.shared.value(for: key, bytes: { $0.bytes }) {
      // Embedding fine-tuning trains on the references' trunk outputs: computed in the same
      // pass (runs that share these references without it hold the trunk's rows meanwhile).
      try references.load(
        corpus: try FeatureBuilder.open(datasetPath, parameters: parameters), corpusPath: datasetPath, features: input,
        parameters: parameters, withTrunk: adapt.method == .fineTuneEmbedding)
    }
  }

  /// A fresh adapter for one run (it fine-tunes its own copy of the encoder), or nil.
  func makeAdapter(
    glyphs n: Int, classCount: Int, references loaded: ReferenceSpec.Loaded?
  ) throws
    -> (any FeatureAdapter)?
  {
    guard adapt.method != .none else { return nil }
    let identity = try FeatureBuilder.datasetIdentity(datasetPath)
    let imagesKey = "images|\(identity)|\(n)"
    // Only whole-network fine-tuning, or a trunk not cached on disk, needs the images.
    func images() throws -> GlyphImages {
      try ExperimentCache.shared.value(for: imagesKey, bytes: { $0.pixels.count }) {
        try FeatureBuilder.open(datasetPath, parameters: parameters).images(0..<n)
      }
    }
    let weights = try parameters.string("features.weights")
    let encoder = try FeatureKind.loadEncoder(parameters)
    let batchSize = try parameters.int("features.batch_size")
    switch adapt.method {
    case .none:
      return nil
    case .fineTuneEmbedding:
      let trunkKey =
        "trunk|\(try FeatureBuilder.datasetIdentity(weights))|\(features.identity)|\(identity)|\(n)|"
        + (references.isEnabled
          ? "\(try FeatureBuilder.datasetIdentity(references.dataset))|\(references.cleanOnly)" : "")
      let trunk = try ExperimentCache.shared.value(for: trunkKey, bytes: { $0.bytes }) {
        let corpus: any TrunkRowSource =
          try FeatureBuilder.cachedTrunk(
            datasetPath: datasetPath, rows: n, spec: features, parameters: parameters, encoder: encoder,
            batchSize: batchSize) ?? TrunkFeatures.trunk(of: try images(), encoder: encoder, batchSize: batchSize)
        return try TrunkFeatures(
          encoder: encoder, corpus: corpus, referenceImages: loaded?.images, referenceTrunk: loaded?.trunk,
          referenceLabels: loaded?.labels ?? [], referenceForms: loaded?.forms, batchSize: batchSize)
      }
      return try EncoderHeadAdapter(
        encoder: encoder, trunk: trunk, settings: adapt.settings, classCount: classCount,
        trainOnReferences: adapt.trainOnReferences, referenceMeans: loaded?.means ?? true)
    case .fineTune:
      return try EncoderFineTuningAdapter(
        encoder: encoder, settings: adapt.settings, images: try images(), classCount: classCount,
        referenceImages: loaded?.images, referenceLabels: loaded?.labels ?? [], referenceForms: loaded?.forms,
        referenceMeans: loaded?.means ?? true,
        trainOnReferences: adapt.trainOnReferences, batchSize: batchSize)
    }
  }

  static func budget(_ text: String, parameters p: ResolvedParameters) throws -> Budget {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "unlimited" { return .unlimited }
    if trimmed.hasPrefix("manual/") {
      guard let divisor = Double(trimmed.dropFirst("manual/".count)), divisor > 0, divisor.isFinite else {
        throw p.error("pipeline.budget", "manual/N needs a positive number N, got '\(text)'")
      }
      return .manualDividedBy(divisor)
    }
    guard let seconds = Double(trimmed), seconds.isFinite else {
      throw p.error("pipeline.budget", "expected unlimited, a number of seconds, or manual/N; got '\(text)'")
    }
    guard seconds > 0 else { throw p.error("pipeline.budget", "must be positive, got \(seconds)") }
    return .seconds(seconds)
  }

  /// The dataset file the runs read.
  public var dataset: String { datasetPath }

  /// The loop's settings and cost model as the spec gives them (the budget is set per run).
  public var settings: PipelineExperiment { experiment }

  public func run(seed: UInt64, recorder: RunRecorder) throws {
    try run(seed: seed, recorder: recorder) { input, experiment in
      try SimulatedAnnotator(truth: input.labels, costs: experiment.costs)
    }
  }

  /// Runs as ``run(seed:recorder:)`` does, with the annotator `makeAnnotator` returns for the
  /// run's glyphs and settings (with the budget in seconds) answering the queries: a person
  /// takes the simulated annotator's place, and the features, model, strategy, budget and
  /// log are the same code path.
  public func run<A: Annotator>(
    seed: UInt64, recorder: RunRecorder, makeAnnotator: (DatasetFeatures, PipelineExperiment) throws -> A
  ) throws {
    var experiment = self.experiment
    let glyphs = try FeatureBuilder.check(
      datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters)
    guard glyphs > 1 else {
      throw DatasetError(
        path: datasetPath,
        reason: "has \(glyphs) glyph(s) to use; the pipeline needs at least 2 (features are fitted and "
          + "glyphs clustered across the dataset); with one glyph, type it")
    }
    let input = try FeatureBuilder.features(
      datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters, seed: seed)
    if experiment.classifier.options.metric == .cosine, let blank = input.features.rowSquaredNorms().firstIndex(of: 0) {
      throw DatasetError(
        path: datasetPath,
        reason: "glyph \(blank) has all-zero features (a blank image, or one equal to the mean of all after PCA, as "
          + "in a dataset of identical images); the cosine metric needs a direction: use classifier.metric: "
          + "sqeuclidean, or remove such glyphs")
    }
    switch budget {
    case .seconds(let s): experiment.pipeline.budgetSeconds = s
    case .manualDividedBy(let d):
      experiment.pipeline.budgetSeconds = experiment.costs.manualEntryCost(glyphs: input.labels.count) / d
    case .unlimited: break
    }
    let loaded = try loadReferences(input, seed: seed)
    let adapter = try makeAdapter(glyphs: input.labels.count, classCount: input.classNames.count, references: loaded)
    var annotator = try makeAnnotator(input, experiment)
    let outcome = try experiment.run(
      features: input.features, truth: input.labels, seed: seed, annotator: &annotator, references: loaded?.set,
      adapter: adapter
    ) { round in
      var row: [String: Double] = [
        "cost": round.point.cost, "accuracy": round.point.accuracy,
        "machine_accuracy": round.point.machineAccuracy ?? .nan, "macro_accuracy": round.point.macroAccuracy,
        "coverage": round.point.coverage,
      ]
      for (phase, rate) in round.throughput { row["throughput_\(phase)"] = rate }
      var integers = ["round": round.index, "labels": round.point.labels]
      for action in AnnotationAction.allCases {
        integers["actions_\(action.rawValue.replacingOccurrences(of: "-", with: "_"))"] =
          round.actions[action.rawValue] ?? 0
      }
      try recorder.appendCurveRow(row, integers: integers)
    }
    let result = outcome.result
    let target = experiment.pipeline.target
    let last = result.curve.points.last
    try recorder.setScalar("final_accuracy", last?.accuracy ?? .nan)
    try recorder.setScalar("final_machine_accuracy", last?.machineAccuracy ?? .nan)
    try recorder.setScalar("final_macro_accuracy", last?.macroAccuracy ?? .nan)
    try recorder.setScalar("labels_to_target", result.curve.effort(toReach: target, axis: .labels) ?? .nan)
    try recorder.setScalar("cost_to_target", result.curve.effort(toReach: target, axis: .cost) ?? .nan)
    try recorder.setScalar("efficiency", result.curve.efficiency(manualCost: result.manualCost, target: target) ?? .nan)
    let costLimit = experiment.pipeline.budgetSeconds ?? (last?.cost ?? 0)
    try recorder.setScalar("aubc_cost", result.curve.normalizedArea(axis: .cost, limit: max(costLimit, 1e-9)))
    try recorder.setScalar(
      "aubc_labels", result.curve.normalizedArea(axis: .labels, limit: Double(max(1, last?.labels ?? 1))))
    try recorder.setScalar("manual_cost", result.manualCost)
    try recorder.setScalar("total_cost", result.ledger.totalSeconds)
    try recorder.setScalar("budget_seconds", experiment.pipeline.budgetSeconds ?? .nan)
    try recorder.setInteger("total_labels", result.ledger.settledCount)
    try recorder.setInteger("rounds", result.rounds.count)
    try recorder.setInteger("glyphs", outcome.glyphs)
    try recorder.setInteger("classes", outcome.classes)
    try recorder.setString("stop_reason", result.stopReason)
    if let loaded {
      try recorder.setInteger("references", loaded.set.count)
      if let first = result.rounds.first, first.point.labels == 0 {
        try recorder.setScalar("zero_label_accuracy", first.point.accuracy)
      }
    }
    let adaptRates = result.rounds.compactMap { $0.throughput["adapt"] }
    if !adaptRates.isEmpty {
      try recorder.setScalar("throughput_adapt", adaptRates.reduce(0, +) / Double(adaptRates.count))
    }
    try recorder.setScalar("throughput_features", input.throughput)
    try recorder.setString("features_cache", input.cacheDescription)
    try recorder.setString("features", input.extractor)
    try recorder.setString("dataset_name", input.datasetName)
    try recorder.setString("dataset_source", input.source)
    if result.clusteringThroughput > 0 { try recorder.setScalar("throughput_cluster", result.clusteringThroughput) }
    let predictRates = result.rounds.compactMap { $0.throughput["fit_predict"] }
    if !predictRates.isEmpty {
      try recorder.setScalar("throughput_fit_predict", predictRates.reduce(0, +) / Double(predictRates.count))
    }
    for action in AnnotationAction.allCases {
      try recorder.setInteger(
        "actions_\(action.rawValue.replacingOccurrences(of: "-", with: "_"))", result.ledger.counts[action] ?? 0)
    }
    try recordGlyphs(result, recorder: recorder, covered: Set(loaded?.set.labels ?? []))
  }
}
