/// A kind of experiment the runner can run: clustering, the human-in-the-loop pipeline, ….
///
/// A spec names its kind with `kind:`; the kind's ``schema`` says which `parameters:` keys
/// the spec may set. The runner resolves the parameters of every run, checks them all with
/// ``init(parameters:)`` before anything runs, and later calls ``run(seed:recorder:)`` for
/// each run, on a worker thread. A run must draw all randomness from `seed` and must not
/// depend on other runs or on the number of threads, so results are identical whatever
/// `--jobs` is.
public protocol ExperimentKind: Sendable {
  /// The name specs use, e.g. "clustering".
  static var name: String { get }
  /// Every allowed parameter: dotted key, type, default, one-line doc.
  static var schema: ParameterSchema { get }
  /// Summary scalars `glyphlab runs` shows as columns, in order (default: none beyond
  /// status; `--json` always shows them all).
  static var keyMetrics: [String] { get }
  /// Reads typed parameters; throws a ``GlyphLabConfig/ConfigError`` (use
  /// ``ResolvedParameters/error(_:_:)``) for impossible combinations. Must be cheap: it is
  /// called for every run before the first one starts.
  init(parameters: ResolvedParameters) throws
  /// Does the work for one seed, reporting curves, scalars, episodes and predictions to
  /// `recorder`. A thrown error marks the run failed, with the error's description.
  func run(seed: UInt64, recorder: RunRecorder) throws
  /// Checks that the run's inputs exist and fit (dataset files, stored features, fixed
  /// episodes, memory), without running: `glyphlab run --dry-run` calls it for every
  /// distinct configuration, and the runner before the first run. A thrown error names the
  /// key or file. Default: nothing to check.
  func checkInputs() throws
}

extension ExperimentKind {
  /// No key metrics by default.
  public static var keyMetrics: [String] { [] }

  /// Nothing to check by default.
  public func checkInputs() throws {}
}
