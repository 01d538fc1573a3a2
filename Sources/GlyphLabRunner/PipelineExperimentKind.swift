import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline

/// The `pipeline` experiment kind: the human-in-the-loop pipeline (``PipelineExperiment``)
/// on a GlyphLab dataset, with a simulated annotator. Each round is one curve row; the
/// summary scalars are the figures the report judges: final accuracy, labels and cost to
/// the target, efficiency against manual entry, AUBC and throughput.
public struct PipelineExperimentKind: ExperimentKind {
  public static let name = "pipeline"

  public static let schema = ParameterSchema([
    ParameterDefinition("dataset.path", .file, default: nil, doc: "GlyphLab dataset file (.h5)"),
    ParameterDefinition(
      "dataset.limit", .int(0...Int.max), default: .int(0), doc: "use only the first N glyphs (0 = all)"),
    ParameterDefinition(
      "features.kind", .choice(PipelineExperiment.featureKinds), default: .string("hog"),
      doc: "hog, pixels, or a /features matrix of the dataset (dataset)"),
    ParameterDefinition("features.hog_cell", .int(2...64), default: .int(6), doc: "HOG cell size in pixels"),
    ParameterDefinition("features.hog_block", .int(1...8), default: .int(2), doc: "HOG block size in cells"),
    ParameterDefinition("features.downsample", .int(1...16), default: .int(2), doc: "pixel downsampling factor"),
    ParameterDefinition("features.pca", .int(0...4096), default: .int(128), doc: "PCA components (0 = none)"),
    ParameterDefinition("features.whiten", .bool, default: .bool(false), doc: "whiten the PCA coordinates"),
    ParameterDefinition(
      "features.fit_sample", .int(2...10_000_000), default: .int(20_000), doc: "glyphs PCA is fitted on"),
    ParameterDefinition(
      "features.dataset_name", .string, default: .string(""), doc: "the /features/<name> for kind dataset"),
    ParameterDefinition(
      "clustering.method", .choice(PipelineExperiment.clusteringMethods), default: .string("kmeans"),
      doc: "how glyphs are clustered for grids and cluster-based queries"),
    ParameterDefinition(
      "clustering.glyphs_per_cluster", .int(1...1_000_000), default: .int(20), doc: "k = glyphs / this"),
    ParameterDefinition(
      "clustering.max_iterations", .int(1...10_000), default: .int(30), doc: "Lloyd iterations at most"),
    ParameterDefinition("clustering.threshold", .double(0...1e12), default: .double(1), doc: "leader threshold"),
    ParameterDefinition(
      "classifier.name", .choice(PipelineExperiment.classifierNames), default: .string("knn"), doc: "the few-shot model"
    ),
    ParameterDefinition("classifier.k", .int(1...1000), default: .int(1), doc: "neighbours (knn)"),
    ParameterDefinition(
      "classifier.metric", .choice(["cosine", "sqeuclidean"]), default: .string("cosine"), doc: "distance"),
    ParameterDefinition(
      "classifier.whitening", .bool, default: .bool(true), doc: "learn within-class whitening from settled glyphs"),
    ParameterDefinition("classifier.shrinkage", .double(0...1), default: .double(0.1), doc: "whitening shrinkage"),
    ParameterDefinition(
      "query.strategy", .choice(PipelineExperiment.queryStrategies), default: .string("margin"),
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
      "pipeline.verify_clusters", .bool, default: .bool(false), doc: "show chosen glyphs with their cluster as a grid"),
    ParameterDefinition("pipeline.max_grid_size", .int(1...10_000), default: .int(16), doc: "glyphs per grid at most"),
    ParameterDefinition(
      "pipeline.grid_source", .choice(PipelineConfiguration.GridSource.allCases.map(\.rawValue)),
      default: .string("prediction"), doc: "grids group a cluster, or a predicted class"),
    ParameterDefinition("pipeline.suggest", .bool, default: .bool(true), doc: "show the machine's suggestion"),
    ParameterDefinition(
      "pipeline.log_predictions", .bool, default: .bool(false), doc: "store every glyph's final label"),
    ParameterDefinition("costs.type", .double(0...3600), default: .double(4), doc: "seconds to type one label"),
    ParameterDefinition(
      "costs.confirm", .double(0...3600), default: .double(1), doc: "seconds to confirm a suggestion"),
    ParameterDefinition(
      "costs.correct_look", .double(0...3600), default: .double(1), doc: "seconds to reject a suggestion before typing"),
    ParameterDefinition("costs.cluster_base", .double(0...3600), default: .double(2), doc: "seconds to take in a grid"),
    ParameterDefinition(
      "costs.cluster_per_glyph", .double(0...3600), default: .double(0.25), doc: "seconds per glyph of a grid"),
    ParameterDefinition(
      "costs.mark_wrong", .double(0...3600), default: .double(1), doc: "seconds to mark one wrong grid member"),
  ])

  public static let keyMetrics = ["final_accuracy", "total_labels", "total_cost", "efficiency", "stop_reason"]

  let experiment: PipelineExperiment
  /// The budget as given: nil (unlimited), seconds, or a divisor of the manual cost.
  let budget: Budget
  let logPredictions: Bool

  enum Budget: Equatable {
    case unlimited
    case seconds(Double)
    case manualDividedBy(Double)
  }

  public init(parameters p: ResolvedParameters) throws {
    var e = PipelineExperiment(dataset: try p.string("dataset.path"))
    guard !e.dataset.isEmpty else { throw p.error("dataset.path", "must name a dataset file") }
    let limit = try p.int("dataset.limit")
    e.limit = limit > 0 ? limit : nil
    e.features.kind = try p.string("features.kind")
    e.features.hogCell = try p.int("features.hog_cell")
    e.features.hogBlock = try p.int("features.hog_block")
    e.features.downsample = try p.int("features.downsample")
    e.features.pca = try p.int("features.pca")
    e.features.whiten = try p.bool("features.whiten")
    e.features.fitSample = try p.int("features.fit_sample")
    e.features.datasetFeatures = try p.string("features.dataset_name")
    if e.features.kind == "dataset" && e.features.datasetFeatures.isEmpty {
      throw p.error("features.dataset_name", "features.kind is dataset, so name the /features matrix")
    }
    e.clustering.method = try p.string("clustering.method")
    e.clustering.glyphsPerCluster = try p.int("clustering.glyphs_per_cluster")
    e.clustering.maxIterations = try p.int("clustering.max_iterations")
    e.clustering.threshold = try p.double("clustering.threshold")
    e.classifier.name = try p.string("classifier.name")
    e.classifier.k = try p.int("classifier.k")
    e.classifier.metric = try p.string("classifier.metric")
    e.classifier.whitening = try p.bool("classifier.whitening")
    e.classifier.shrinkage = try p.double("classifier.shrinkage")
    e.query.strategy = try p.string("query.strategy")
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
    e.pipeline.gridSource = PipelineConfiguration.GridSource(rawValue: try p.string("pipeline.grid_source")) ?? .cluster
    e.pipeline.suggest = try p.bool("pipeline.suggest")
    e.costs = AnnotationCostModel(
      typeSeconds: try p.double("costs.type"), confirmSeconds: try p.double("costs.confirm"),
      correctLookSeconds: try p.double("costs.correct_look"), clusterBaseSeconds: try p.double("costs.cluster_base"),
      clusterPerGlyphSeconds: try p.double("costs.cluster_per_glyph"),
      markWrongSeconds: try p.double("costs.mark_wrong"))
    budget = try Self.budget(try p.string("pipeline.budget"), parameters: p)
    logPredictions = try p.bool("pipeline.log_predictions")
    experiment = e
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

  public func run(seed: UInt64, recorder: RunRecorder) throws {
    var experiment = self.experiment
    if budget != .unlimited {
      // The manual cost depends on the number of glyphs used, known once the dataset is open.
      let glyphs = try glyphCount()
      switch budget {
      case .seconds(let s): experiment.pipeline.budgetSeconds = s
      case .manualDividedBy(let d):
        experiment.pipeline.budgetSeconds = experiment.costs.manualEntryCost(glyphs: glyphs) / d
      case .unlimited: break
      }
    }
    let outcome = try experiment.run(seed: seed) { round in
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
    try recorder.setScalar("throughput_features", outcome.featureThroughput)
    if result.clusteringThroughput > 0 { try recorder.setScalar("throughput_cluster", result.clusteringThroughput) }
    let predictRates = result.rounds.compactMap { $0.throughput["fit_predict"] }
    if !predictRates.isEmpty {
      try recorder.setScalar("throughput_fit_predict", predictRates.reduce(0, +) / Double(predictRates.count))
    }
    for action in AnnotationAction.allCases {
      try recorder.setInteger(
        "actions_\(action.rawValue.replacingOccurrences(of: "-", with: "_"))", result.ledger.counts[action] ?? 0)
    }
    if logPredictions { try recorder.setPredictions(labels: result.finalLabels, touched: result.touched) }
  }

  func glyphCount() throws -> Int {
    let count = try GlyphDatasetReader(path: experiment.dataset).count
    return min(experiment.limit ?? count, count)
  }
}
