/// One run of an experiment: a point of the sweep grid, an ablation variant and a seed.
public struct PlannedRun: Sendable, Equatable {
  /// The stable id: the first 16 hex digits of the SHA-256 of the canonical JSON
  /// ``identity`` (kind, resolved parameters, seed and target).
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
  /// The exact text hashed into ``id``.
  public let identity: String

  /// A run of `kind` with these values; computes ``identity`` and ``id``.
  public init(
    kind: String, index: Int, parameters: ResolvedParameters, seed: UInt64,
    sweep: [(key: String, value: ParameterValue)], ablation: String
  ) {
    self.index = index
    self.parameters = parameters
    self.seed = seed
    self.sweep = sweep
    self.ablation = ablation
    identity = CanonicalJSON.object([
      "kind": CanonicalJSON.string(kind), "params": parameters.canonicalJSON, "seed": String(seed),
      "target": CanonicalJSON.number(parameters.target),
    ])
    id = String(SHA256.hex(identity).prefix(16))
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
