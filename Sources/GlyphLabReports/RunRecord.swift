/// One run of a run log (`/runs/<run-id>/`) as plain values.
public struct RunRecord: Sendable, Equatable {
  /// The run id: the group's name, a stable hash of the resolved parameters and seed.
  public var id: String
  /// The resolved parameters (`params`, a JSON object), sorted by key.
  public var parameters: [ParameterMember]
  /// The seed.
  public var seed: Int
  /// `running`, `complete` or `failed`.
  public var status: RunStatus
  /// The error message of a failed run (nil when none was stored).
  public var error: String?
  /// The swept keys and their values for this run (`sweep`), sorted by key; empty if none.
  public var sweep: [ParameterMember]
  /// `base`, the name of the ablation component switched for this run, or "" when the spec
  /// has no ablation block.
  public var ablation: String
  /// Every numeric attribute other than `seed` and the `p.*` parameter copies, by name
  /// (`final_accuracy`, `efficiency`, `throughput_features`, ...). NaN is kept as stored.
  public var scalars: [String: Double]
  /// Every other text attribute (for example `stop_reason`), by name.
  public var texts: [String: String]
  /// The per-round series under `curve/`, by name, as doubles.
  public var curves: [String: [Double]]
  /// The per-episode accuracies under `episodes/`, by method.
  public var episodes: [String: [Double]]
  /// The per-glyph predictions under `predictions/`, if the run logged them.
  public var predictions: PredictionRecord?
  /// A person's session (`annotation` logs): the measured seconds of each answer not undone,
  /// by action (`type`, `confirm`, `correct`, `verify-cluster`); empty for simulated runs.
  public var measuredSeconds: [String: [Double]] = [:]

  /// Creates a record; the reader fills one per run group.
  public init(
    id: String, parameters: [ParameterMember], seed: Int, status: RunStatus, error: String? = nil,
    sweep: [ParameterMember] = [], ablation: String = "", scalars: [String: Double] = [:],
    texts: [String: String] = [:], curves: [String: [Double]] = [:], episodes: [String: [Double]] = [:],
    predictions: PredictionRecord? = nil
  ) {
    self.id = id
    self.parameters = parameters
    self.seed = seed
    self.status = status
    self.error = error
    self.sweep = sweep
    self.ablation = ablation
    self.scalars = scalars
    self.texts = texts
    self.curves = curves
    self.episodes = episodes
    self.predictions = predictions
  }

  /// Whether the run finished and counts in the statistics.
  public var isComplete: Bool { status == .complete }

  /// The configuration this run belongs to: its sweep point and ablation setting.
  public var configurationKey: ConfigurationKey { ConfigurationKey(sweep: sweep, ablation: ablation) }

  /// The parameters as canonical JSON text (sorted keys), for matching runs across logs.
  public var parametersJSON: String { ParameterValue.object(parameters).json }
}
