import GlyphLabCore
import GlyphLabRunLog

/// What an ``ExperimentKind`` reports its results to while it runs: per-round curve rows,
/// summary scalars, episode accuracies and per-glyph predictions. Everything is kept in
/// memory (a run's curves are small) and written to the log by the runner's single writer
/// thread once the run ends, so recording costs next to nothing on the worker.
///
/// One recorder belongs to one run and is used from the thread running it. Names must be
/// usable as HDF5 names and must not clash with the attributes the runner writes itself
/// (``RunLogLayout/reservedRunAttributes`` and the `p.` prefix); a bad name throws
/// ``GlyphLabError/invalidArgument(operation:name:value:reason:)``.
public final class RunRecorder {
  /// The run's stable id.
  public let runID: String
  /// Whether the spec asked for per-glyph predictions (`log_predictions: true`); kinds may
  /// skip computing them otherwise. ``setPredictions(labels:touched:settledRound:)`` is ignored when false.
  public let wantsPredictions: Bool
  /// What has been recorded so far.
  public private(set) var recording = RunRecording()
  /// Called with each curve row as it is appended (the runner's progress display).
  var onRound: (@Sendable (RunRoundProgress) -> Void)?

  /// A recorder for run `runID`.
  public init(runID: String, wantsPredictions: Bool) {
    self.runID = runID
    self.wantsPredictions = wantsPredictions
  }

  /// Appends one round to the curves: `row` to float64 series and `integers` to int64
  /// series, each `curve/<name>`. A series missing from a row gets NaN (float64) or 0
  /// (int64) for that round; a series first seen in a later round is filled the same way
  /// for the rounds before. A name keeps the type it first had.
  public func appendCurveRow(_ row: [String: Double], integers: [String: Int] = [:]) throws {
    for name in row.keys.sorted() + integers.keys.sorted() {
      try Self.check(name, what: "curve series")
    }
    if let clash = Set(row.keys).intersection(integers.keys).first {
      throw invalid(clash, "is given both as a number and as an integer in one row")
    }
    for name in row.keys.sorted() where !recording.curves.contains(where: { $0.name == name }) {
      var series = CurveSeries(name: name, isInteger: false)
      series.doubles = Array(repeating: .nan, count: recording.rounds)
      recording.curves.append(series)
    }
    for name in integers.keys.sorted() where !recording.curves.contains(where: { $0.name == name }) {
      var series = CurveSeries(name: name, isInteger: true)
      series.integers = Array(repeating: 0, count: recording.rounds)
      recording.curves.append(series)
    }
    for index in recording.curves.indices {
      let name = recording.curves[index].name
      if recording.curves[index].isInteger {
        if row[name] != nil { throw invalid(name, "is an int64 series; give it in `integers`") }
        recording.curves[index].integers.append(Int64(integers[name] ?? 0))
      } else {
        if integers[name] != nil { throw invalid(name, "is a float64 series; give it in the row") }
        recording.curves[index].doubles.append(row[name] ?? .nan)
      }
    }
    recording.rounds += 1
    if let onRound {
      var values = row
      for (name, value) in integers { values[name] = Double(value) }
      onRound(RunRoundProgress(runID: runID, round: integers["round"] ?? recording.rounds - 1, values: values))
    }
  }

  /// Sets the float64 summary attribute `name` (NaN allowed, e.g. "not reached").
  public func setScalar(_ name: String, _ value: Double) throws {
    try claim(name)
    recording.scalars[name] = value
  }

  /// Sets the int64 summary attribute `name`.
  public func setInteger(_ name: String, _ value: Int) throws {
    try claim(name)
    recording.integers[name] = value
  }

  /// Sets the string summary attribute `name`.
  public func setString(_ name: String, _ value: String) throws {
    try claim(name)
    recording.strings[name] = value
  }

  /// Sets the per-episode accuracies of `method` (`episodes/<method>`), for paired
  /// comparisons between methods evaluated on the same episodes.
  public func setEpisodes(method: String, _ accuracies: [Double]) throws {
    try Self.check(method, what: "episode method")
    recording.episodes.removeAll { $0.method == method }
    recording.episodes.append((method, accuracies))
  }

  /// Sets the final label of every glyph (−1 for none) and, optionally, whether a person
  /// settled it and in which round (−1 for none); stored only when ``wantsPredictions``.
  public func setPredictions(labels: [Int32], touched: [Bool]? = nil, settledRound: [Int32]? = nil) throws {
    guard wantsPredictions else { return }
    for (name, count) in [("touched", touched?.count), ("settledRound", settledRound?.count)] {
      if let count, count != labels.count {
        throw GlyphLabError.invalidArgument(
          operation: "RunRecorder.setPredictions", name: name, value: "\(count) values",
          reason: "must have one value per label (\(labels.count))")
      }
    }
    recording.predictions = LoggedPredictions(
      labels: labels, touched: touched, settledRound: settledRound, dataset: recording.dataset?.groupPath,
      errors: recording.predictions?.errors)
  }

  /// Sets the dataset the predictions refer to (true labels, class names, groups), stored
  /// once per log under `/datasets/<key>`; only when ``wantsPredictions``.
  public func setDataset(_ dataset: LoggedDataset) throws {
    guard wantsPredictions else { return }
    if let labels = recording.predictions?.labels, labels.count != dataset.truth.count {
      throw GlyphLabError.invalidArgument(
        operation: "RunRecorder.setDataset", name: "truth", value: "\(dataset.truth.count) labels",
        reason: "must have one label per prediction (\(labels.count))")
    }
    recording.dataset = dataset
    recording.predictions?.dataset = dataset.groupPath
  }

  /// Sets images of a few misrecognised glyphs (`predictions/errors`), after
  /// ``setPredictions(labels:touched:settledRound:)``; only when ``wantsPredictions``.
  public func setErrorSample(_ sample: ErrorSample) throws {
    guard wantsPredictions else { return }
    guard recording.predictions != nil else {
      throw GlyphLabError.invalidArgument(
        operation: "RunRecorder.setErrorSample", name: "sample", value: "\(sample.indices.count) errors",
        reason: "set the predictions first (setPredictions)")
    }
    recording.predictions?.errors = sample
  }

  /// Adds the runner's own timing scalar (not through ``claim(_:)``, which reserves it).
  func setTiming(wallSeconds: Double) { recording.scalars[RunLogLayout.wallSeconds] = wallSeconds }

  private func claim(_ name: String) throws {
    try Self.check(name, what: "summary attribute")
    guard !RunLogLayout.reservedRunAttributes.contains(name), !name.hasPrefix(RunLogLayout.parameterPrefix) else {
      throw invalid(name, "is an attribute the runner writes itself")
    }
    // The last type set wins: a name is one attribute.
    recording.scalars[name] = nil
    recording.integers[name] = nil
    recording.strings[name] = nil
  }

  private func invalid(_ name: String, _ reason: String) -> GlyphLabError {
    .invalidArgument(operation: "RunRecorder", name: "name", value: name, reason: reason)
  }

  static func check(_ name: String, what: String) throws {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.contains("\0") else {
      throw GlyphLabError.invalidArgument(
        operation: "RunRecorder", name: what, value: name, reason: "must be non-empty, without '/'")
    }
  }
}
