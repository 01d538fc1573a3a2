/// Names in the run log (documented in `docs/run-log.md`), shared by the writer, the
/// reader and the merger: the one place the log's groups, datasets and attributes are named.
public enum RunLogLayout {
  /// The root `format` attribute.
  public static let format = "glyphlab-run-log"
  /// The format version written; readers accept any minor version of ``majorVersion``.
  /// 1.2 moved `planned_runs` and `experiment_runs` from root attributes to root datasets
  /// (older logs still read) and added the `inputs` fingerprints.
  public static let version = "1.2"
  /// The root dataset of the ids of the runs the log is to hold.
  public static let plannedRuns = "planned_runs"
  /// The root dataset of the ids of all the experiment's runs, in expansion order.
  public static let experimentRuns = "experiment_runs"
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
  /// The group of `predictions` datasets of one dataset's glyphs, inside ``datasets``, and
  /// the datasets inside a run's ``predictions``.
  public enum Predictions {
    /// int32, each glyph's final label (−1 none); in `/datasets/<key>`, its true label.
    public static let labels = "labels"
    /// bool, whether a person settled each glyph.
    public static let touched = "touched"
    /// int32, the round each glyph was settled in (−1 never).
    public static let settledRound = "settled_round"
    /// The attribute naming the `/datasets/<key>` group the glyphs are described by.
    public static let dataset = "dataset"
  }

  /// Names inside `/datasets/<key>`.
  public enum Dataset {
    /// The attribute: the dataset file the runs read.
    public static let path = "path"
    /// The attribute: the number of glyphs.
    public static let glyphs = "glyphs"
    /// The string dataset of class names.
    public static let classNames = "class_names"
    /// The group of one int32 dataset per dataset group (font, book, ...).
    public static let groups = "groups"
    /// The attribute of a group dataset naming its values.
    public static let values = "values"
  }

  /// Names inside a run's `predictions/errors`.
  public enum Errors {
    /// int64, the misrecognised glyphs.
    public static let indices = "indices"
    /// int64, a glyph of the class each was taken for (−1 none).
    public static let exemplars = "exemplars"
    /// uint8 [k, H, W], the glyphs' images.
    public static let images = "images"
    /// uint8 [k, H, W], the exemplars' images.
    public static let exemplarImages = "exemplar_images"
  }

  /// A person's session's table of answers inside a run group (`annotation` logs), one row
  /// per answer; ``Annotations`` names the columns the reader reads.
  public static let annotations = "annotations"

  /// Columns of a run's `annotations` table that ``RunLogReader/annotations(_:)`` reads.
  public enum Annotations {
    /// string, the answer's action (`type`, `confirm`, `correct`, `verify-cluster`).
    public static let action = "action"
    /// float64, the seconds measured in the page from showing to submitting.
    public static let seconds = "seconds"
    /// uint8, 1 if the person undid the answer.
    public static let undone = "undone"
  }

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
