/// Names in the run log (documented in `docs/run-log.md`), shared by the writer, the
/// reader and the merger.
public enum RunLogLayout {
  /// The root `format` attribute.
  public static let format = "glyphlab-run-log"
  /// The format version written; readers accept any minor version of ``majorVersion``.
  public static let version = "1.1"
  /// The major version this GlyphLab reads.
  public static let majorVersion = 1
  /// The group holding one group per run.
  public static let runs = "runs"
  /// A run's per-round series.
  public static let curve = "curve"
  /// A run's per-episode accuracies.
  public static let episodes = "episodes"
  /// A run's per-glyph predictions.
  public static let predictions = "predictions"
  /// The root group holding one group per dataset the runs' predictions refer to.
  public static let datasets = "datasets"
  /// A run's sample of misrecognised glyphs, inside ``predictions``.
  public static let errors = "errors"
  /// The prefix of the per-parameter attributes (`p.clustering.clusters`).
  public static let parameterPrefix = "p."
  /// The run's wall time in seconds (not deterministic).
  public static let wallSeconds = "wall_seconds"
  /// Elements per chunk of the appendable curve datasets.
  static let curveChunk = 256
  /// Elements per chunk of the prediction datasets.
  static let predictionChunk = 65_536

  /// Run attributes the runner writes; kinds may not set them.
  public static let reservedRunAttributes: Set<String> = [
    "params", "seed", "status", "error", "sweep", "ablation", "index", "started_at", "finished_at", wallSeconds,
  ]

  /// Scalars that measure time rather than results, so they differ between identical runs.
  public static func isTiming(_ name: String) -> Bool {
    name == wallSeconds || name.hasPrefix("throughput")
  }

  /// The group of run `id`.
  public static func runGroup(_ id: String) -> String { "\(runs)/\(id)" }
}
