import Foundation
import GlyphLabConfig
import GlyphLabRunLog

/// Reads and validates a spec's node tree into an ``ExperimentSpec`` (see
/// ``ExperimentSpec/parse(_:file:overrides:registry:)``).
struct SpecReader {
  let root: ConfigNode
  let text: String
  let file: String
  let overrides: [String]
  let registry: ExperimentRegistry

  func read() throws -> ExperimentSpec {
    let top = Dictionary(uniqueKeysWithValues: try root.orderedMapping(allowed: ExperimentSpec.topLevelKeys))
    func required(_ key: String) throws -> ConfigNode {
      guard let node = top[key] else {
        throw ConfigError(file: root.file, line: root.line, key: key, message: "missing (every spec needs it)")
      }
      return node
    }
    let experimentNode = try required("experiment")
    let experiment = try experimentNode.string()
    let allowedCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    guard let first = experiment.first, first != ".", first != "-", experiment.allSatisfy(allowedCharacters.contains)
    else {
      throw experimentNode.error("'\(experiment)' is not a valid name: use letters, digits, '.', '_' and '-'")
    }
    let kindName = try required("kind").choice(registry.names)
    guard let kind = registry.kind(named: kindName) else { throw try required("kind").error("unknown kind") }
    let schema = kind.schema

    let seeds = try readSeeds(top["seeds"])
    let target = try top["target"]?.double(in: 0...1) ?? 0.975
    let description = try top["description"]?.string() ?? ""
    let logPredictions = try top["log_predictions"]?.bool() ?? false
    var logPath = "Reports/\(experiment).h5"
    if let node = top["log"] {
      logPath = try node.string()
      guard !logPath.isEmpty else { throw node.error("must be a file path") }
    }

    // Base parameters: given values, then defaults; required ones must be given.
    let parametersNode = top["parameters"]
    var given = try parametersNode.map { try schema.read($0, prefix: "") } ?? [:]
    var costsSource = ""
    if let costsNode = top["costs"] {
      costsSource = try readCosts(costsNode, schema: schema, into: &given)
    }
    var base: [String: ParameterValue] = [:]
    var origins: [String: ConfigError] = [:]
    let anchor = parametersNode ?? root
    for definition in schema.definitions {
      if let (value, node) = given[definition.key] {
        base[definition.key] = value
        origins[definition.key] = ConfigError(file: node.file, line: node.line, key: node.path, message: "")
      } else if let value = definition.defaultValue {
        base[definition.key] = value
        origins[definition.key] = ConfigError(
          file: anchor.file, line: anchor.line, key: "parameters.\(definition.key)", message: "")
      } else {
        throw ConfigError(
          file: anchor.file, line: anchor.line, key: "parameters.\(definition.key)",
          message: "missing required parameter (\(definition.type): \(definition.doc))")
      }
    }

    let sweep = try readSweep(top["sweep"], schema: schema, given: given)
    let ablation = try readAblation(top["ablation"], schema: schema, base: base, sweep: sweep, seeds: seeds)
    let runs = try expand(
      kind: kind, kindName: kindName, seeds: seeds, target: target, base: base, origins: origins, sweep: sweep,
      ablation: ablation)
    return ExperimentSpec(
      path: file, text: text, overrides: overrides, experiment: experiment, kindName: kindName, kind: kind,
      description: description, seeds: seeds, target: target, baseParameters: base,
      sweep: sweep.map { ($0.key, $0.values.map(\.value)) },
      ablation: ablation.map { ($0.name, $0.changes.mapValues(\.value), $0.seeds) },
      logPath: logPath, logPredictions: logPredictions, runs: runs, costsSource: costsSource)
  }

  /// Reads the costs file `costs: FILE` names (written by `glyphlab calibrate`) into the
  /// `costs.*` parameters; returns the source to record. A cost set both there and under
  /// `parameters` is an error, as is a kind without a cost model.
  private func readCosts(
    _ node: ConfigNode, schema: ParameterSchema, into given: inout [String: (ParameterValue, ConfigNode)]
  ) throws -> String {
    let path = try node.string()
    let keys = schema.definitions.map(\.key).filter { $0.hasPrefix("costs.") }
    guard !keys.isEmpty else { throw node.error("this kind has no annotation cost model to set") }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw node.error("cannot read the costs file \(path)")
    }
    let file = try ConfigNode.parse(text, file: path)
    let top = try file.mapping(allowed: ["source", "actions", "costs", "intervals", "unfitted"])
    guard let costs = top["costs"] else {
      throw ConfigError(
        file: path, line: file.line, key: "costs", message: "missing: a costs file maps costs: {type: …, confirm: …}")
    }
    for (key, valueNode) in try costs.orderedMapping(allowed: keys.map { String($0.dropFirst("costs.".count)) }) {
      let full = "costs.\(key)"
      guard let definition = schema.definition(full) else { throw valueNode.error("unknown cost") }
      if let (_, setNode) = given[full] {
        throw setNode.error("is also set by the costs file \(path); give it in one place")
      }
      given[full] = (try definition.type.read(valueNode), valueNode)
    }
    let source = try top["source"]?.string() ?? ""
    return source.isEmpty ? path : "\(path): \(source)"
  }

  private func readSeeds(_ node: ConfigNode?) throws -> [UInt64] {
    guard let node else { return [0] }
    guard node.isSequence else { throw node.error("expected a list of seeds, e.g. [1, 2, 3]") }
    var seen: Set<Int> = []
    var seeds: [UInt64] = []
    for item in try node.sequence() {
      let seed = try item.int(in: 0...Int.max)
      guard seen.insert(seed).inserted else { throw item.error("seed \(seed) is listed twice") }
      seeds.append(UInt64(seed))
    }
    guard !seeds.isEmpty else { throw node.error("needs at least one seed") }
    return seeds
  }

  typealias Located = (value: ParameterValue, node: ConfigNode)

  private func readSweep(
    _ node: ConfigNode?, schema: ParameterSchema, given: [String: (ParameterValue, ConfigNode)]
  ) throws -> [(key: String, values: [Located])] {
    guard let node else { return [] }
    var axes: [(key: String, values: [Located])] = []
    for (key, axis) in try node.orderedMapping(allowed: schema.definitions.map(\.key)) {
      guard let definition = schema.definition(key) else { throw axis.error("unknown parameter") }
      if let (_, setNode) = given[key], setNode.isFromCommandLine {
        throw setNode.error("is a sweep axis; override sweep.\(key)=[…] to change the values it takes")
      }
      guard axis.isSequence else { throw axis.error("expected a list of values to sweep") }
      var values: [Located] = []
      for item in try axis.sequence() {
        let value = try definition.type.read(item)
        if values.contains(where: { $0.value == value }) {
          throw item.error("\(value) is listed twice")
        }
        values.append((value, item))
      }
      guard !values.isEmpty else { throw axis.error("needs at least one value") }
      axes.append((key, values))
    }
    return axes
  }

  /// An ablation component: its name, the parameters it changes, and its own seeds (a
  /// subset of the experiment's, given as the component's `seeds:`; nil: all of them).
  typealias Component = (name: String, changes: [String: Located], seeds: [UInt64]?)

  private func readAblation(
    _ node: ConfigNode?, schema: ParameterSchema, base: [String: ParameterValue],
    sweep: [(key: String, values: [Located])], seeds: [UInt64]
  ) throws -> [Component] {
    guard let node else { return [] }
    let block = try node.mapping(allowed: ["components"])
    guard let componentsNode = block["components"] else {
      throw node.error("needs `components:`, a mapping of component name to the parameters it changes")
    }
    var components: [Component] = []
    for (name, componentNode) in try componentsNode.orderedMapping(allowed: nil) {
      guard name != "base", !name.isEmpty, !name.contains("/") else {
        throw componentNode.error("'\(name)' cannot name a component (reserved or contains '/')")
      }
      var changes: [String: Located] = [:]
      var componentSeeds: [UInt64]?
      for (key, valueNode) in try componentNode.orderedMapping(allowed: ["seeds"] + schema.definitions.map(\.key)) {
        if key == "seeds" {
          let own = try readSeeds(valueNode)
          if let stray = own.first(where: { !seeds.contains($0) }) {
            throw valueNode.error(
              "seed \(stray) is not one of the experiment's seeds \(seeds): a component runs a subset of them, "
                + "so each of its runs pairs with the base run of the same seed")
          }
          componentSeeds = own
          continue
        }
        guard let definition = schema.definition(key) else { throw valueNode.error("unknown parameter") }
        if sweep.contains(where: { $0.key == key }) {
          throw valueNode.error("is a sweep axis; an ablation component cannot also change it")
        }
        let value = try definition.type.read(valueNode)
        if base[key] == value {
          throw valueNode.error("is already \(value) in the base, so this component would repeat the base run")
        }
        changes[key] = (value, valueNode)
      }
      guard !changes.isEmpty else {
        throw componentNode.error(
          "changes no parameter; give the parameters it switches, e.g. {features.normalize: false}")
      }
      components.append((name, changes, componentSeeds))
    }
    guard !components.isEmpty else { throw componentsNode.error("needs at least one component") }
    return components
  }

  private func expand(
    kind: any ExperimentKind.Type, kindName: String, seeds: [UInt64], target: Double,
    base: [String: ParameterValue], origins: [String: ConfigError], sweep: [(key: String, values: [Located])],
    ablation: [Component]
  ) throws -> RunPlan {
    // The grid: the cartesian product of the axes, the last axis varying fastest.
    var points: [[(key: String, value: Located)]] = [[]]
    for axis in sweep {
      points = points.flatMap { point in axis.values.map { point + [(axis.key, $0)] } }
    }
    let variants: [Component] = ablation.isEmpty ? [("", [:], nil)] : [("base", [:], nil)] + ablation
    // One configuration per grid point and variant; its runs (one per seed) are made when
    // the plan is read. Seeds are distinct, so two runs collide exactly when two
    // configurations have the same parameters.
    var configurations: [RunPlan.Configuration] = []
    var seen: [String: Int] = [:]
    for point in points {
      for variant in variants {
        var values = base
        var located = origins
        for (key, item) in point.map({ ($0.key, $0.value) }) + variant.changes.map({ ($0.key, $0.value) }) {
          values[key] = item.value
          located[key] = ConfigError(file: item.node.file, line: item.node.line, key: item.node.path, message: "")
        }
        let parameters = ResolvedParameters(
          values: values, target: target, origins: located, neutralDefaults: kind.schema.neutralDefaults)
        _ = try kind.init(parameters: parameters)
        let parametersJSON = parameters.identityJSON
        let variantSeeds = variant.seeds ?? seeds
        if let earlier = seen[parametersJSON] {
          // Run positions: each configuration's runs follow the ones before it.
          let position = { (c: Int) in configurations[..<c].reduce(0) { $0 + $1.seeds.count } }
          let run = PlannedRun(
            kind: kindName, index: position(configurations.count), parameters: parameters, seed: variantSeeds[0],
            sweep: [], ablation: variant.name, parametersJSON: parametersJSON)
          throw ConfigError(
            file: file, line: 0, key: "sweep",
            message: "runs \(position(earlier)) and \(run.index) have identical parameters (id \(run.id) for seed "
              + "\(run.seed))")
        }
        seen[parametersJSON] = configurations.count
        configurations.append(
          RunPlan.Configuration(
            parameters: parameters, parametersJSON: parametersJSON, sweep: point.map { ($0.key, $0.value.value) },
            ablation: variant.name, seeds: variantSeeds))
      }
    }
    return RunPlan(kind: kindName, configurations: configurations)
  }
}
