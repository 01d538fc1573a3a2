import GlyphLabRunLog

/// One run of a run log (`/runs/<run-id>/`) as a report uses it: the reader's
/// ``GlyphLabRunLog/RunLogEntry``, curves, episodes and predictions, with the JSON attributes
/// parsed and every number as a double.
public struct RunRecord: Sendable, Equatable {
  /// The run id: the group's name, a stable hash of the resolved parameters and seed.
  public var id: String
  /// The resolved parameters (`params`, a JSON object), sorted by key.
  public var parameters: [JSONMember]
  /// The seed.
  public var seed: Int
  /// `running`, `complete`, `failed` or `interrupted`.
  public var status: RunStatus
  /// The error message of a failed run (nil when none was stored).
  public var error: String?
  /// The swept keys and their values for this run (`sweep`), sorted by key; empty if none.
  public var sweep: [JSONMember]
  /// `base`, the name of the ablation component switched for this run, or "" when the spec
  /// has no ablation block.
  public var ablation: String
  /// Every numeric attribute other than `seed`, `index` and the `p.*` parameter copies, by
  /// name (`final_accuracy`, `efficiency`, `throughput_features`, `wall_seconds`, ...), integers
  /// included. NaN is kept as stored.
  public var scalars: [String: Double]
  /// Every other text attribute (for example `stop_reason`, `started_at`), by name.
  public var texts: [String: String]
  /// The per-round series under `curve/`, by name, as doubles.
  public var curves: [String: [Double]]
  /// The per-episode accuracies under `episodes/`, by method.
  public var episodes: [String: [Double]]
  /// The per-glyph predictions under `predictions/`, if the run logged them.
  public var predictions: LoggedPredictions?
  /// A person's session (`annotation` logs): the measured seconds of each answer not undone,
  /// by action (`type`, `confirm`, `correct`, `verify-cluster`); empty for simulated runs.
  public var measuredSeconds: [String: [Double]] = [:]

  /// Creates a record; the reader fills one per run group.
  public init(
    id: String, parameters: [JSONMember], seed: Int, status: RunStatus, error: String? = nil,
    sweep: [JSONMember] = [], ablation: String = "", scalars: [String: Double] = [:],
    texts: [String: String] = [:], curves: [String: [Double]] = [:], episodes: [String: [Double]] = [:],
    predictions: LoggedPredictions? = nil
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

  /// A run as the log's reader gives it; `params` and `sweep` must be JSON objects (an
  /// absent `sweep` is empty).
  ///
  /// - Throws: ``GlyphLabRunLog/RunLogError/invalidJSON(file:object:key:detail:)`` naming the
  ///   run and the attribute.
  public init(
    entry: RunLogEntry, curves: [CurveSeries], episodes: [(method: String, accuracies: [Double])],
    predictions: LoggedPredictions?, file: String
  ) throws {
    func object(_ key: String, _ text: String) throws -> [JSONMember] {
      do {
        return try JSONValue.parseObject(text)
      } catch {
        let detail: String
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context):
          detail = context.debugDescription
        default: detail = "not valid JSON"
        }
        throw RunLogError.invalidJSON(
          file: file, object: "run \(entry.id) (/\(RunLogLayout.runGroup(entry.id)))", key: key, detail: detail)
      }
    }
    var scalars = entry.scalars
    for (name, value) in entry.integers { scalars[name] = Double(value) }
    var texts = entry.strings
    if !entry.startedAt.isEmpty { texts["started_at"] = entry.startedAt }
    if !entry.finishedAt.isEmpty { texts["finished_at"] = entry.finishedAt }
    self.init(
      id: entry.id, parameters: try object("params", entry.params), seed: Int(truncatingIfNeeded: entry.seed),
      status: entry.status, error: entry.error.isEmpty ? nil : entry.error,
      sweep: entry.sweep.isEmpty ? [] : try object("sweep", entry.sweep), ablation: entry.ablation,
      scalars: scalars, texts: texts,
      curves: Dictionary(curves.map { ($0.name, $0.values) }, uniquingKeysWith: { a, _ in a }),
      episodes: Dictionary(episodes.map { ($0.method, $0.accuracies) }, uniquingKeysWith: { a, _ in a }),
      predictions: predictions)
  }

  /// Whether the run finished and counts in the statistics.
  public var isComplete: Bool { status == .complete }

  /// The configuration this run belongs to: its sweep point and ablation setting.
  public var configurationKey: ConfigurationKey { ConfigurationKey(sweep: sweep, ablation: ablation) }

  /// The parameters as canonical JSON text (sorted keys), for matching runs across logs.
  public var parametersJSON: String { JSONValue.object(parameters).json }
}
