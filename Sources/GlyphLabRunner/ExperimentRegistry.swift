import GlyphLabConfig
import GlyphLabCore

/// Maps the `kind:` of a spec to the type that runs it.
public struct ExperimentRegistry: Sendable {
  private var kinds: [String: any ExperimentKind.Type] = [:]

  /// An empty registry.
  public init() {}

  /// The kinds GlyphLab ships: `clustering`, `pipeline`, `detection` and `fewshot`.
  public static let standard: ExperimentRegistry = {
    var registry = ExperimentRegistry()
    registry.register(ClusteringExperiment.self)
    registry.register(PipelineExperimentKind.self)
    registry.register(DetectionExperimentKind.self)
    registry.register(FewShotExperiment.self)
    return registry
  }()

  /// Adds `kind` under its ``ExperimentKind/name``, replacing one of the same name.
  public mutating func register(_ kind: any ExperimentKind.Type) {
    kinds[kind.name] = kind
  }

  /// The kind called `name`, if registered.
  public func kind(named name: String) -> (any ExperimentKind.Type)? { kinds[name] }

  /// The kind called `name`, or an error listing the registered kinds with a "did you
  /// mean" for a near miss.
  public func requireKind(named name: String) throws -> any ExperimentKind.Type {
    guard let kind = kinds[name] else {
      throw GlyphLabError.invalidArgument(
        operation: "glyphlab run", name: "kind", value: name,
        reason: NameSuggestion.unknown(name, what: "experiment kind", among: names))
    }
    return kind
  }

  /// The registered names, sorted.
  public var names: [String] { kinds.keys.sorted() }
}
