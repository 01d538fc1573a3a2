import GlyphLabRunLog

/// One run of an experiment: a point of the sweep grid, an ablation variant and a seed.
public struct PlannedRun: Sendable, Equatable {
  /// The stable id: the first 16 hex digits of the SHA-256 of the canonical JSON
  /// ``identity`` (kind, resolved parameters but those at a neutral default, seed and
  /// target).
  public let id: String
  /// Its position in the experiment's expansion order (grid point, then ablation variant,
  /// then seed), from 0.
  public let index: Int
  /// The complete parameters.
  public let parameters: ResolvedParameters
  /// The run's seed; all its randomness comes from it.
  public let seed: UInt64
  /// The swept keys and this run's values of them, in the spec's axis order.
  public let sweep: [(key: String, value: ParameterValue)]
  /// `base`, the ablation component switched for this run, or "" without an ablation block.
  public let ablation: String
  /// The kind's name, part of ``identity``.
  public let kind: String

  /// The exact text hashed into ``id`` (computed when asked, so a plan of many runs holds
  /// only their ids).
  public var identity: String {
    Self.identity(kind: kind, parametersJSON: parameters.identityJSON, seed: seed, target: parameters.target)
  }

  /// A run of `kind` with these values; computes ``id``. `parametersJSON`, if given, must be
  /// `parameters.identityJSON` (the planner computes it once for all seeds of a variant).
  public init(
    kind: String, index: Int, parameters: ResolvedParameters, seed: UInt64,
    sweep: [(key: String, value: ParameterValue)], ablation: String, parametersJSON: String? = nil
  ) {
    self.kind = kind
    self.index = index
    self.parameters = parameters
    self.seed = seed
    self.sweep = sweep
    self.ablation = ablation
    let identity = Self.identity(
      kind: kind, parametersJSON: parametersJSON ?? parameters.identityJSON, seed: seed, target: parameters.target)
    id = String(SHA256.hex(identity).prefix(16))
  }

  private static func identity(kind: String, parametersJSON: String, seed: UInt64, target: Double) -> String {
    CanonicalJSON.object([
      "kind": CanonicalJSON.string(kind), "params": parametersJSON, "seed": String(seed),
      "target": CanonicalJSON.number(target),
    ])
  }

  /// The run as the log records it.
  public var logged: LoggedRun {
    LoggedRun(
      id: id, index: index, seed: seed, parameters: parameters.values, sweepJSON: sweepJSON, ablation: ablation)
  }

  /// The swept values as a canonical JSON object (`{}` without a sweep).
  public var sweepJSON: String {
    CanonicalJSON.object(Dictionary(sweep.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
  }

  public static func == (lhs: PlannedRun, rhs: PlannedRun) -> Bool {
    lhs.id == rhs.id && lhs.index == rhs.index && lhs.parameters == rhs.parameters && lhs.seed == rhs.seed
      && lhs.sweepJSON == rhs.sweepJSON && lhs.ablation == rhs.ablation
  }
}
