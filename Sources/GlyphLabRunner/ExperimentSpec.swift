import Foundation
import GlyphLabConfig
import GlyphLabRunLog

/// A parsed, validated experiment spec (`Experiments/*.yaml`, documented in
/// `docs/experiments.md`) with every run expanded.
///
/// Loading checks everything before anything runs — unknown keys, wrong types, values out
/// of range, sweep and ablation keys against the kind's schema, and every run's parameter
/// combination through the kind's `init(parameters:)` — and each error names the file, line
/// and dotted key (`<command line>` for an override).
public struct ExperimentSpec: Sendable {
  /// The top-level keys a spec may have.
  public static let topLevelKeys = [
    "experiment", "kind", "description", "seeds", "target", "parameters", "sweep", "ablation", "log",
    "log_predictions", "costs",
  ]

  /// Where the spec was read from.
  public let path: String
  /// The file's text, recorded in the log.
  public let text: String
  /// The command-line overrides applied, as given.
  public let overrides: [String]
  /// The experiment's name (`experiment:`), also the default log's file name.
  public let experiment: String
  /// The kind's name (`kind:`).
  public let kindName: String
  /// The kind.
  public let kind: any ExperimentKind.Type
  /// Free text (`description:`).
  public let description: String
  /// The seeds every configuration runs with (`seeds:`, default [0]), but for an ablation
  /// component that gives its own subset.
  public let seeds: [UInt64]
  /// The target accuracy (`target:`, default 0.975).
  public let target: Double
  /// The base parameters: the spec's `parameters:` with defaults filled in.
  public let baseParameters: [String: ParameterValue]
  /// The sweep axes in spec order: dotted key and its values.
  public let sweep: [(key: String, values: [ParameterValue])]
  /// The ablation components in spec order: name, the parameters it changes, and the seeds
  /// it runs with when it has its own (`seeds:` in the component, a subset of ``seeds``; nil:
  /// every seed).
  public let ablation: [(name: String, changes: [String: ParameterValue], seeds: [UInt64]?)]
  /// The log file (`log:`, default `Reports/<experiment>.h5`).
  public let logPath: String
  /// Whether runs store per-glyph predictions (`log_predictions:`, default false).
  public let logPredictions: Bool
  /// Every run, in expansion order: grid point (the last axis fastest), then ablation variant
  /// (base first), then seed; made when read (``RunPlan``).
  public let runs: RunPlan
  /// The canonical JSON of what decides the runs: experiment, kind, seeds, target, base
  /// parameters, sweep and ablation (not the description, log path or comments).
  public let resolvedJSON: String
  /// Where the cost model's values came from when the spec names a costs file (`costs: FILE`,
  /// written by `glyphlab calibrate`): the file and its `source:` line; "" otherwise.
  public let costsSource: String
  /// SHA-256 of ``resolvedJSON``, 64 hex digits: logs whose hashes differ hold different
  /// experiments.
  public var specHash: String { SHA256.hex(resolvedJSON) }

  /// Reads the spec at `path`, applies `overrides` (`dotted.key=value`) and validates it.
  public static func load(
    path: String, overrides: [String] = [], registry: ExperimentRegistry = .standard
  ) throws -> ExperimentSpec {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, line: 0, key: "", message: "cannot read the spec file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(file: path, line: 0, key: "", message: "not UTF-8 text")
    }
    return try parse(text, file: path, overrides: overrides, registry: registry)
  }

  /// Parses spec `text` (`file` names it in errors), applies `overrides` and validates it.
  ///
  /// An override's key is a dotted path into the spec; a key that does not start with a
  /// top-level key is taken to be under `parameters`, so `clustering.clusters=20` means
  /// `parameters.clustering.clusters=20`. Keys under `sweep` and under each ablation
  /// component are parameter keys taken whole.
  public static func parse(
    _ text: String, file: String, overrides: [String] = [], registry: ExperimentRegistry = .standard
  ) throws -> ExperimentSpec {
    let expanded = overrides.map { override -> String in
      let first = override.prefix { $0 != "." && $0 != "=" }
      guard !first.isEmpty, override.contains("=") else { return override }
      // `costs=FILE` is the top-level key; `costs.type=5` is a parameter.
      let isCostsParameter = first == "costs" && override.prefix { $0 != "=" }.contains(".")
      return topLevelKeys.contains(String(first)) && !isCostsParameter ? override : "parameters." + override
    }
    let root = try ConfigNode.parse(text, file: file).applying(expanded) { path in
      path == "sweep" || (path.hasPrefix("ablation.components.") && path.split(separator: ".").count == 3)
    }
    return try SpecReader(root: root, text: text, file: file, overrides: overrides, registry: registry).read()
  }

  init(
    path: String, text: String, overrides: [String], experiment: String, kindName: String,
    kind: any ExperimentKind.Type, description: String, seeds: [UInt64], target: Double,
    baseParameters: [String: ParameterValue], sweep: [(key: String, values: [ParameterValue])],
    ablation: [(name: String, changes: [String: ParameterValue], seeds: [UInt64]?)], logPath: String,
    logPredictions: Bool,
    runs: RunPlan, costsSource: String = ""
  ) {
    self.costsSource = costsSource
    self.path = path
    self.text = text
    self.overrides = overrides
    self.experiment = experiment
    self.kindName = kindName
    self.kind = kind
    self.description = description
    self.seeds = seeds
    self.target = target
    self.baseParameters = baseParameters
    self.sweep = sweep
    self.ablation = ablation
    self.logPath = logPath
    self.logPredictions = logPredictions
    self.runs = runs
    let sweepJSON =
      "["
      + sweep.map {
        "[" + CanonicalJSON.string($0.key) + ",[" + $0.values.map(\.canonicalJSON).joined(separator: ",") + "]]"
      }.joined(separator: ",") + "]"
    // A component's own seeds join its entry only when it has them, so the specs written
    // before components could have them keep their hashes.
    let ablationJSON =
      "["
      + ablation.map { component in
        "[" + CanonicalJSON.string(component.name) + "," + CanonicalJSON.object(component.changes)
          + (component.seeds.map { ",[" + $0.map { String($0) }.joined(separator: ",") + "]" } ?? "") + "]"
      }.joined(separator: ",") + "]"
    resolvedJSON = CanonicalJSON.object([
      "experiment": CanonicalJSON.string(experiment), "kind": CanonicalJSON.string(kindName),
      "seeds": "[" + seeds.map { String($0) }.joined(separator: ",") + "]", "target": CanonicalJSON.number(target),
      "parameters": CanonicalJSON.object(baseParameters), "sweep": sweepJSON, "ablation": ablationJSON,
    ])
  }
}
