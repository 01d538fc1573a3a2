import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabStrategies

/// The `fewshot` experiment kind: N-way K-shot episodes with Q queries per class, on any
/// feature kind (``FeatureSpec``), evaluating every listed ``FewShotMethod`` on exactly the
/// same episodes, so differences between methods are paired.
///
/// Episodes are drawn with the run's seed (``ConstrainedEpisodeSampler``: episode i depends
/// only on the seed and i), optionally within one value of a dataset group (e.g. within one
/// alphabet) or across two values (support from one, queries from another), or read from the
/// dataset's fixed episodes `/episodes/<name>` (``FixedEpisodes``). Impossible shapes are
/// refused before the log is touched, naming the key and how many classes qualify.
///
/// Logged per method m: `episodes/<m>` (each episode's query accuracy), `accuracy_<m>` (the
/// mean), `accuracy_<m>_ci` (the 95% half-width, Student t), `log_loss_<m>` and
/// `throughput_<m>` (queries per second, one thread, fitting included); and the best method.
public struct FewShotExperiment: ExperimentKind {
  /// "fewshot".
  public static let name = "fewshot"

  /// How episodes are constrained by a group.
  enum Constraint: String, CaseIterable {
    case none, within, across
  }

  /// The dataset, feature, episode and classifier parameters.
  public static let schema = ParameterSchema(
    FeatureSpec.datasetParameters + FeatureSpec.parameters()
      + [
        ParameterDefinition("fewshot.ways", .int(1...10_000), default: .int(5), doc: "N: classes per episode"),
        ParameterDefinition("fewshot.shots", .int(1...10_000), default: .int(1), doc: "K: support glyphs per class"),
        ParameterDefinition("fewshot.queries", .int(1...10_000), default: .int(15), doc: "Q: query glyphs per class"),
        ParameterDefinition(
          "fewshot.episodes", .int(1...1_000_000), default: .int(600), doc: "episodes drawn with the run's seed"),
        ParameterDefinition(
          "fewshot.methods", .strings, default: .strings(FewShotMethod.allCases.map(\.rawValue)),
          doc: "classifiers, all on the same episodes: "
            + FewShotMethod.allCases.map(\.rawValue).joined(separator: ", ")),
        ParameterDefinition(
          "fewshot.constraint", .choice(Constraint.allCases.map(\.rawValue)), default: .string("none"),
          doc: "none; within (all N classes from one value of fewshot.group); across (support from "
            + "fewshot.support_value, queries from fewshot.query_value)"),
        ParameterDefinition(
          "fewshot.group", .string, default: .string(""), doc: "the /groups/<name> a constraint uses, e.g. alphabet"),
        ParameterDefinition(
          "fewshot.support_value", .string, default: .string(""), doc: "across: the group value support comes from"),
        ParameterDefinition(
          "fewshot.query_value", .string, default: .string(""), doc: "across: the group value queries come from"),
        ParameterDefinition(
          "fewshot.fixed_episodes", .string, default: .string(""),
          doc: "run the dataset's /episodes/<name> instead of sampling (\"\" = sample)"),
        ParameterDefinition("classifier.k", .int(1...1000), default: .int(1), doc: "neighbours (knn)"),
        ParameterDefinition(
          "classifier.metric", .choice(of: DistanceMetric.self), default: .string("cosine"),
          doc: "distance for prototype, multi-prototype, knn and label-propagation"),
        ParameterDefinition(
          "classifier.whitening", .bool, default: .bool(false),
          doc: "learn within-class whitening from each episode's support first"),
        ParameterDefinition("classifier.shrinkage", .double(0...1), default: .double(0.1), doc: "whitening shrinkage"),
      ] + NeighbourProbabilityParameters.definitions)

  /// The scores `glyphlab runs` shows.
  public static let keyMetrics = ["best_method", "best_accuracy", "episodes_run"]

  let parameters: ResolvedParameters
  let datasetPath: String
  let limit: Int
  let features: FeatureSpec
  let ways: Int
  let shots: Int
  let queries: Int
  let episodes: Int
  let methods: [FewShotMethod]
  let constraint: Constraint
  let group: String
  let supportValue: String
  let queryValue: String
  let fixedEpisodes: String
  let options: FewShotMethod.Options

  /// Reads the parameters; unknown methods and incomplete constraints name their key.
  public init(parameters p: ResolvedParameters) throws {
    parameters = p
    datasetPath = try p.string("dataset.path")
    guard !datasetPath.isEmpty else { throw p.error("dataset.path", "must name a dataset file") }
    limit = try p.int("dataset.limit")
    features = try FeatureSpec(parameters: p)
    ways = try p.int("fewshot.ways")
    shots = try p.int("fewshot.shots")
    queries = try p.int("fewshot.queries")
    episodes = try p.int("fewshot.episodes")
    let names = try p.strings("fewshot.methods")
    guard !names.isEmpty else { throw p.error("fewshot.methods", "list at least one classifier") }
    var methods: [FewShotMethod] = []
    for name in names {
      guard let method = FewShotMethod(rawValue: name) else {
        throw p.error(
          "fewshot.methods",
          NameSuggestion.unknown(name, what: "classifier", among: FewShotMethod.allCases.map(\.rawValue)))
      }
      guard !methods.contains(method) else { throw p.error("fewshot.methods", "'\(name)' is listed twice") }
      methods.append(method)
    }
    self.methods = methods
    constraint = try p.choice("fewshot.constraint", as: Constraint.self)
    group = try p.string("fewshot.group")
    supportValue = try p.string("fewshot.support_value")
    queryValue = try p.string("fewshot.query_value")
    if constraint != .none && group.isEmpty {
      throw p.error("fewshot.group", "fewshot.constraint is \(constraint.rawValue), so name the group (e.g. alphabet)")
    }
    if constraint == .across {
      if supportValue.isEmpty { throw p.error("fewshot.support_value", "across needs the support group value") }
      if queryValue.isEmpty { throw p.error("fewshot.query_value", "across needs the query group value") }
      if supportValue == queryValue {
        throw p.error("fewshot.query_value", "is the support value too; across needs two values (or use within)")
      }
    }
    fixedEpisodes = try p.string("fewshot.fixed_episodes")
    if !fixedEpisodes.isEmpty && constraint != .none {
      throw p.error("fewshot.fixed_episodes", "fixed episodes carry their own classes; set fewshot.constraint: none")
    }
    var options = FewShotMethod.Options()
    options.k = try p.int("classifier.k")
    options.metric = try p.choice("classifier.metric", as: DistanceMetric.self)
    options.whitening = try p.bool("classifier.whitening")
    options.shrinkage = try p.double("classifier.shrinkage")
    try NeighbourProbabilityParameters.read(p, into: &options)
    self.options = options
  }

  /// Checks the dataset, features, group and episode shape (or fixed episodes) without
  /// building features.
  public func checkInputs() throws {
    let n = try FeatureBuilder.check(datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters)
    let reader = try GlyphDatasetReader(path: datasetPath)
    let labels = Array(try reader.labels().prefix(n))
    var groups: [String: DatasetFeatures.Group] = [:]
    for name in try reader.groupNames() {
      let g = try reader.group(name)
      groups[name] = DatasetFeatures.Group(values: Array(g.values.prefix(n)), names: g.names)
    }
    _ = try episodeList(labels: labels, groups: groups, seed: 0, count: 1)
  }

  /// The run's episodes: the fixed ones, or `count` drawn with `seed` under the constraint.
  func episodeList(
    labels: [Int32], groups: [String: DatasetFeatures.Group], seed: UInt64, count: Int
  ) throws
    -> [Episode]
  {
    if !fixedEpisodes.isEmpty {
      do {
        return try FixedEpisodes.read(path: datasetPath, name: fixedEpisodes, labels: labels, glyphs: labels.count)
      } catch let error as DatasetError {
        throw parameters.error("fewshot.fixed_episodes", error.description)
      }
    }
    let sampleConstraint: EpisodeConstraint
    var scope = ""
    switch constraint {
    case .none: sampleConstraint = .none
    case .within, .across:
      guard let values = groups[group] else {
        let known = groups.keys.sorted()
        throw parameters.error(
          "fewshot.group",
          "\(datasetPath) has no group '\(group)' (groups: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
            + NameSuggestion.clause(for: group, among: known) + ")")
      }
      if constraint == .within {
        sampleConstraint = .withinGroup(groups: values.values)
        scope = " (within \(group))"
      } else {
        func index(_ value: String, _ key: String) throws -> Int32 {
          guard let i = values.names.firstIndex(of: value) else {
            throw parameters.error(
              key, NameSuggestion.unknown(value, what: "value of group \(group)", among: values.names))
          }
          return Int32(i)
        }
        sampleConstraint = .acrossGroups(
          groups: values.values, support: try index(supportValue, "fewshot.support_value"),
          query: try index(queryValue, "fewshot.query_value"))
        scope = " (support \(group)=\(supportValue), queries \(group)=\(queryValue))"
      }
    }
    do {
      let sampler = try ConstrainedEpisodeSampler(
        labels: labels, constraint: sampleConstraint, ways: ways, shots: shots, queriesPerClass: queries, seed: seed)
      return sampler.episodes(count)
    } catch let shortage as ConstrainedEpisodeSampler.Shortage {
      throw parameters.error("fewshot.\(shortage.parameter)", shortage.message + scope)
    }
  }

  /// Builds (or reuses) the features, draws the episodes with `seed`, and evaluates every
  /// method on each; records per-episode accuracies, means with 95% intervals, log loss and
  /// throughput per method.
  ///
  /// - Complexity: episodes × Σ methods' cost on one episode, over the BLAS threads.
  public func run(seed: UInt64, recorder: RunRecorder) throws {
    let input = try FeatureBuilder.features(
      datasetPath: datasetPath, limit: limit, spec: features, parameters: parameters, seed: seed)
    let list = try episodeList(labels: input.labels, groups: input.groups, seed: seed, count: episodes)
    var options = self.options
    options.seed = seed
    let evaluation = EpisodicEvaluation(ways: ways, shots: shots, queriesPerClass: queries, seed: seed)
    let result = try evaluation.run(
      methods: methods.map { EpisodicEvaluation.Method($0.make(options), name: $0.rawValue) },
      features: input.features, episodes: list)
    for (k, summary) in result.summaries.enumerated() {
      let name = summary.name
      try recorder.setEpisodes(method: name, result.accuracies[k])
      try recorder.setScalar("accuracy_\(name)", summary.accuracy.mean)
      try recorder.setScalar("accuracy_\(name)_ci", summary.accuracy.halfWidth)
      try recorder.setScalar("log_loss_\(name)", summary.logLoss.mean)
      try recorder.setScalar(
        "throughput_\(name)", result.queriesPerSecond.indices.contains(k) ? result.queriesPerSecond[k] : .nan)
    }
    if let best = result.summaries.max(by: { $0.accuracy.mean < $1.accuracy.mean }) {
      try recorder.setString("best_method", best.name)
      try recorder.setScalar("best_accuracy", best.accuracy.mean)
    }
    try recorder.setInteger("episodes_run", list.count)
    try recorder.setInteger("queries_per_episode", list.first?.queryRows.count ?? 0)
    try recorder.setInteger("glyphs", input.labels.count)
    try recorder.setInteger("feature_dimensions", input.features.columns)
    try recorder.setScalar("throughput_features", input.throughput)
    try recorder.setString("features", input.extractor)
    try recorder.setString("dataset_name", input.datasetName)
    try recorder.setString("dataset_source", input.source)
    try recorder.setString("methods", methods.map(\.rawValue).joined(separator: ","))
  }
}
