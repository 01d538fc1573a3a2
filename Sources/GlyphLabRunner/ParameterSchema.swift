import GlyphLabConfig
import GlyphLabRunLog

/// Every parameter an experiment kind accepts, by dotted key. The spec's `parameters:`
/// tree, its `sweep:` axes, its `ablation:` components and command-line overrides are all
/// checked against it before anything runs.
public struct ParameterSchema: Sendable {
  /// The definitions, in declaration order.
  public let definitions: [ParameterDefinition]
  private let byKey: [String: ParameterDefinition]

  /// Creates a schema. Keys must be unique, non-empty dotted names, no key may be a prefix
  /// group of another ("a" and "a.b"), and every default must have its parameter's type;
  /// a violation is a programming error in the kind and traps.
  public init(_ definitions: [ParameterDefinition]) {
    var byKey: [String: ParameterDefinition] = [:]
    for definition in definitions {
      precondition(
        !definition.key.isEmpty && !definition.key.split(separator: ".", omittingEmptySubsequences: false).contains(""),
        "invalid parameter key '\(definition.key)'")
      precondition(byKey[definition.key] == nil, "duplicate parameter key '\(definition.key)'")
      if let value = definition.defaultValue {
        precondition(definition.type.accepts(value), "default of '\(definition.key)' does not fit \(definition.type)")
      }
      byKey[definition.key] = definition
    }
    for key in byKey.keys {
      precondition(!byKey.keys.contains { $0.hasPrefix(key + ".") }, "parameter '\(key)' is also a group")
    }
    self.definitions = definitions
    self.byKey = byKey
  }

  /// The defaults of the keys that stay out of run ids at their default
  /// (``ParameterDefinition/neutralDefault``).
  public var neutralDefaults: [String: ParameterValue] {
    var out: [String: ParameterValue] = [:]
    for definition in definitions where definition.neutralDefault {
      if let value = definition.defaultValue { out[definition.key] = value }
    }
    return out
  }

  /// The definition of `key`, or `nil` if the kind has no such parameter.
  public func definition(_ key: String) -> ParameterDefinition? { byKey[key] }

  /// The names allowed directly under the group `prefix` ("" for the top), in declaration
  /// order: the next component of every key in that group.
  public func children(of prefix: String) -> [String] {
    var seen: Set<String> = []
    var out: [String] = []
    for definition in definitions {
      let key = definition.key
      guard prefix.isEmpty || key.hasPrefix(prefix + ".") else { continue }
      let rest = prefix.isEmpty ? Substring(key) : key.dropFirst(prefix.count + 1)
      let name = String(rest.prefix { $0 != "." })
      if seen.insert(name).inserted { out.append(name) }
    }
    return out
  }

  /// Reads a nested `parameters:` mapping: every key must be a parameter or a group of them,
  /// and every value must have its parameter's type. Returns the values given, by dotted
  /// key, with the node each came from.
  public func read(_ node: ConfigNode, prefix: String = "") throws -> [String: (ParameterValue, ConfigNode)] {
    var out: [String: (ParameterValue, ConfigNode)] = [:]
    if node.isMapping {
      for (name, child) in try node.orderedMapping(allowed: nil) {
        let key = prefix.isEmpty ? name : "\(prefix).\(name)"
        if byKey[key] == nil, let replacement = FeatureSpec.renamedKeys[key] {
          throw child.error("was renamed: write \(replacement) (docs/experiments.md, Features)")
        }
      }
    }
    for (name, child) in try node.mapping(allowed: children(of: prefix)) {
      let key = prefix.isEmpty ? name : "\(prefix).\(name)"
      if let definition = byKey[key] {
        out[key] = (try definition.type.read(child), child)
      } else {
        guard child.isMapping else {
          throw child.error(
            "is a group of parameters (\(children(of: key).joined(separator: ", "))), expected a mapping")
        }
        out.merge(try read(child, prefix: key)) { first, _ in first }
      }
    }
    return out
  }

  /// The definition of dotted `key` given at `node` (a sweep axis or ablation change), or an
  /// error at `node` naming the nearest known keys.
  public func require(_ key: String, at node: ConfigNode) throws -> ParameterDefinition {
    if let definition = byKey[key] { return definition }
    let known = definitions.map(\.key).sorted().joined(separator: ", ")
    throw node.error(
      "unknown parameter (known parameters: \(known))"
        + NameSuggestion.clause(for: key, among: definitions.map(\.key)))
  }
}
