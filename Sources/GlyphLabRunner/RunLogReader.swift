import GlyphLabHDF5

/// Reads a run log (`docs/run-log.md`): its header, the runs and their curves, episodes
/// and predictions. Opening checks the format and major version.
public final class RunLogReader {
  /// The file read.
  public let path: String
  /// The root attributes.
  public let header: RunLogHeader
  private let file: HDF5File

  /// Opens the log at `path` read-only.
  public init(path: String) throws {
    self.path = path
    do {
      file = try HDF5File(path: path, mode: .readOnly)
    } catch let error as HDF5Error {
      throw RunLogError(path: path, "cannot open the run log: \(error)")
    }
    header = try RunLogHeader.read(from: file, path: path)
  }

  /// The ids of the runs in the log, sorted.
  public func runIDs() throws -> [String] {
    guard file.exists(RunLogLayout.runs) else { return [] }
    return try file.openGroup(RunLogLayout.runs).childNames()
  }

  /// The status of every run, by id (reads one attribute per run, so it stays small for
  /// logs of many runs).
  public func statuses() throws -> [(id: String, status: RunStatus)] {
    guard file.exists(RunLogLayout.runs) else { return [] }
    let runs = try file.openGroup(RunLogLayout.runs)
    return try runs.childNames().map { id in
      let text = try runs.openGroup(id).stringAttribute("status")
      guard let status = RunStatus(rawValue: text) else {
        throw RunLogError(path: path, "run \(id) has status \"\(text)\"; expected running, complete or failed")
      }
      return (id, status)
    }
  }

  /// Every run, in expansion order.
  public func entries() throws -> [RunLogEntry] {
    try runIDs().map { try entry($0) }.sorted { ($0.index, $0.id) < ($1.index, $1.id) }
  }

  /// Run `id`.
  public func entry(_ id: String) throws -> RunLogEntry {
    let group = try runGroup(id)
    var scalars: [String: Double] = [:]
    var integers: [String: Int] = [:]
    var strings: [String: String] = [:]
    for name in try group.attributeNames()
    where !RunLogLayout.reservedRunAttributes.contains(name) || name == RunLogLayout.wallSeconds {
      guard !name.hasPrefix(RunLogLayout.parameterPrefix), try group.attributeCount(name) == 1 else { continue }
      switch try group.attributeClass(name) {
      case .float: scalars[name] = try group.doubleAttribute(name)
      case .integer: integers[name] = try group.intAttribute(name)
      case .string: strings[name] = try group.stringAttribute(name)
      case .other: continue
      }
    }
    func string(_ name: String) throws -> String { group.hasAttribute(name) ? try group.stringAttribute(name) : "" }
    let statusText = try string("status")
    guard let status = RunStatus(rawValue: statusText) else {
      throw RunLogError(path: path, "run \(id) has status \"\(statusText)\"; expected running, complete or failed")
    }
    let seed: [UInt64] = try group.numericAttribute("seed")
    return RunLogEntry(
      id: id, status: status, error: try string("error"), seed: seed.first ?? 0,
      index: group.hasAttribute("index") ? try group.intAttribute("index") : 0, params: try string("params"),
      sweep: try string("sweep"), ablation: try string("ablation"), scalars: scalars, integers: integers,
      strings: strings, startedAt: try string("started_at"), finishedAt: try string("finished_at"))
  }

  /// The curves of run `id`, sorted by name.
  public func curves(_ id: String) throws -> [CurveSeries] {
    let group = try runGroup(id)
    guard group.exists(RunLogLayout.curve) else { return [] }
    let curve = try group.openGroup(RunLogLayout.curve)
    return try curve.childNames().map { name in
      let dataset = try curve.openDataset(name)
      var series = CurveSeries(name: name, isInteger: try dataset.elementType().kind == .integer)
      if series.isInteger {
        series.integers = try dataset.read(as: Int64.self)
      } else {
        series.doubles = try dataset.read(as: Double.self)
      }
      return series
    }
  }

  /// The per-episode accuracies of run `id`, by method name (sorted).
  public func episodes(_ id: String) throws -> [(method: String, accuracies: [Double])] {
    let group = try runGroup(id)
    guard group.exists(RunLogLayout.episodes) else { return [] }
    let episodes = try group.openGroup(RunLogLayout.episodes)
    return try episodes.childNames().map { ($0, try episodes.openDataset($0).read(as: Double.self)) }
  }

  /// The predictions of run `id`, if recorded.
  public func predictions(_ id: String) throws -> (labels: [Int32], touched: [UInt8]?)? {
    let group = try runGroup(id)
    guard group.exists(RunLogLayout.predictions) else { return nil }
    let predictions = try group.openGroup(RunLogLayout.predictions)
    let labels = try predictions.openDataset("labels").read(as: Int32.self)
    let touched = predictions.exists("touched") ? try predictions.openDataset("touched").read(as: UInt8.self) : nil
    return (labels, touched)
  }

  /// Everything run `id` recorded, timing scalars left out (so two runs of the same
  /// parameters and seed compare equal).
  public func recording(_ id: String) throws -> RunRecording {
    let entry = try entry(id)
    var recording = RunRecording()
    recording.scalars = entry.scalars.filter { !RunLogLayout.isTiming($0.key) }
    recording.integers = entry.integers
    recording.strings = entry.strings
    recording.curves = try curves(id).sorted { $0.name < $1.name }
    recording.rounds = recording.curves.first?.count ?? 0
    recording.episodes = try episodes(id)
    if let predictions = try predictions(id) {
      recording.predictedLabels = predictions.labels
      recording.touched = predictions.touched
    }
    return recording
  }

  /// Closes the file (also done when the reader goes away).
  public func close() throws { try file.close() }

  private func runGroup(_ id: String) throws -> HDF5Group {
    let name = RunLogLayout.runGroup(id)
    guard file.exists(name) else { throw RunLogError(path: path, "no run \(id) in the log") }
    return try file.openGroup(name)
  }
}
