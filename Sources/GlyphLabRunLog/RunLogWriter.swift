import Foundation
import GlyphLabFiles
import GlyphLabHDF5

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a run log so that a `kill -9` at any moment leaves a readable file holding every
/// run of the last commit intact. The runner writes through it, and so can any library that
/// records runs: take the log's ``RunLogLock``, ``create(header:)`` the log (or continue an
/// existing one), then ``commit(_:running:runningStatus:update:)`` finished runs as
/// ``RunOutcome``s.
///
/// The log on disk is only ever replaced whole: each ``commit(_:running:runningStatus:update:)``
/// copies it to `.NAME.partial` beside it, adds the new runs to the copy, closes and
/// `fsync`s the copy, renames it over the log (atomic on POSIX file systems) and `fsync`s
/// the directory. A crash before the rename leaves the old log; after it, the new one. A
/// stale `.partial` from a crash is removed by the next commit. Only the thread that owns
/// the writer calls HDF5; the caller must hold the log's ``RunLogLock``. A link at the log's
/// path is followed: the file it points at is copied and replaced, and the link is kept.
///
/// - Complexity: a commit costs O(log size) to copy plus O(size of the new runs).
public final class RunLogWriter {
  /// The log's real file (a link at the given path resolved).
  public let path: String
  /// The staged copy beside it, `.NAME.partial`.
  public let partialPath: String

  /// A writer for the log at `path`; nothing is touched until the first write.
  public init(path: String) {
    self.path = RealPath.resolve(path)
    let url = URL(fileURLWithPath: self.path)
    partialPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
  }

  /// Starts a new log holding only `header` (replacing any file at `path`).
  public func create(header: RunLogHeader) throws {
    try replace(copying: false) { file in
      try header.write(to: file)
      try file.createGroup(RunLogLayout.runs)
    }
  }

  /// Adds `outcomes` (replacing any earlier group of the same run), writes the `running`
  /// runs' groups with `runningStatus` (running, or interrupted), and then lets `update`
  /// change the root attributes of the staged file.
  ///
  /// More than ``batch`` outcomes are written in several replacements of ``batch`` each:
  /// HDF5 holds memory for every object created in an open file until it closes.
  public func commit(
    _ outcomes: [RunOutcome], running: [(run: LoggedRun, startedAt: String)] = [], runningStatus: RunStatus = .running,
    update: (HDF5File) throws -> Void = { _ in }
  ) throws {
    var outcomes = outcomes[...]
    while outcomes.count > Self.batch {
      let first = outcomes.prefix(Self.batch)
      try replace(copying: true) { file in
        let runs = try file.group(RunLogLayout.runs)
        for outcome in first { try Self.write(outcome, into: runs, of: file) }
      }
      outcomes = outcomes.dropFirst(Self.batch)
    }
    try replace(copying: true) { file in
      let runs = try file.group(RunLogLayout.runs)
      for (run, startedAt) in running {
        try Self.write(run: run, status: runningStatus, error: "", startedAt: startedAt, into: runs)
      }
      for outcome in outcomes { try Self.write(outcome, into: runs, of: file) }
      try update(file)
    }
  }

  /// Runs written per replacement of the log (see ``commit(_:running:runningStatus:update:)``).
  static let batch = 2_000

  /// Writes a finished run's group, and the dataset it shares with other runs, if any.
  static func write(_ outcome: RunOutcome, into runs: HDF5Group, of file: HDF5File) throws {
    let group = try write(
      run: outcome.run, status: outcome.status, error: outcome.error, startedAt: outcome.startedAt, into: runs)
    try group.setAttribute("finished_at", outcome.finishedAt)
    try write(outcome.recording, into: group)
    if let dataset = outcome.recording.dataset { try write(dataset, into: file) }
  }

  /// Writes a new version of the log with `body` (on a copy of the log if `copying`, else on
  /// an empty file) and moves it into place durably; on any error the log is left as it was.
  public func replace(copying: Bool, _ body: (HDF5File) throws -> Void) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: partialPath) { try manager.removeItem(atPath: partialPath) }
    var file: HDF5File?
    do {
      if copying {
        try HDF5StagedFile.copyFile(path, to: partialPath)
        file = try HDF5File(path: partialPath, mode: .readWrite)
      } else {
        file = try HDF5File(path: partialPath, mode: .createNew)
      }
      guard let file else { return }
      try body(file)
      try file.close()
      try Self.sync(partialPath)
      guard rename(partialPath, path) == 0 else {
        throw RunLogError(path: path, "cannot rename \(partialPath) over the log: \(String(cString: strerror(errno)))")
      }
      try Self.sync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    } catch {
      try? file?.close()
      file = nil
      try? manager.removeItem(atPath: partialPath)
      throw error
    }
  }

  /// Flushes a file's or directory's data and metadata to disk.
  static func sync(_ path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw RunLogError(path: path, "cannot open to sync: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw RunLogError(path: path, "fsync failed: \(String(cString: strerror(errno)))") }
  }

  /// Creates (or resets) the group of `run` with its identity attributes and `status`.
  @discardableResult
  static func write(
    run: LoggedRun, status: RunStatus, error: String, startedAt: String, into runs: HDF5Group
  ) throws -> HDF5Group {
    if runs.exists(run.id) { try runs.remove(run.id) }
    let group = try runs.createGroup(run.id)
    try group.setAttribute("params", run.parametersJSON)
    try group.setAttribute("seed", Int(truncatingIfNeeded: run.seed))
    try group.setAttribute("index", run.index)
    try group.setAttribute("status", status.rawValue)
    if status == .failed { try group.setAttribute("error", error) }
    try group.setAttribute("sweep", run.sweepJSON)
    try group.setAttribute("ablation", run.ablation)
    try group.setAttribute("started_at", startedAt)
    for (key, value) in run.parameters.sorted(by: { $0.key < $1.key }) {
      let name = RunLogLayout.parameterPrefix + key
      switch value {
      case .int(let v): try group.setAttribute(name, v)
      case .double(let v): try group.setAttribute(name, v)
      case .bool(let v): try group.setAttribute(name, v)
      case .string(let v): try group.setAttribute(name, v)
      case .strings(let v): try group.setAttribute(name, v)
      }
    }
    return group
  }

  /// Writes a run's summary attributes, curves, episodes and predictions.
  static func write(_ recording: RunRecording, into group: HDF5Group) throws {
    for (name, value) in recording.scalars { try group.setAttribute(name, value) }
    for (name, value) in recording.integers { try group.setAttribute(name, value) }
    for (name, value) in recording.strings { try group.setAttribute(name, value) }
    if !recording.curves.isEmpty {
      let curve = try group.createGroup(RunLogLayout.curve)
      for series in recording.curves {
        let chunk = [max(1, min(RunLogLayout.curveChunk, series.count))]
        if series.isInteger {
          try curve.createDataset(series.name, of: Int64.self, shape: [0], maxShape: [nil], chunks: chunk)
            .append(series.integers)
        } else {
          try curve.createDataset(series.name, of: Double.self, shape: [0], maxShape: [nil], chunks: chunk)
            .append(series.doubles)
        }
      }
    }
    if !recording.episodes.isEmpty {
      let episodes = try group.createGroup(RunLogLayout.episodes)
      for (method, accuracies) in recording.episodes {
        try episodes.createDataset(method, of: Double.self, shape: [accuracies.count]).write(accuracies)
      }
    }
    if let recorded = recording.predictions {
      let labels = recorded.labels
      let predictions = try group.createGroup(RunLogLayout.predictions)
      let chunk = [max(1, min(RunLogLayout.predictionChunk, labels.count))]
      try predictions.createDataset(
        RunLogLayout.Predictions.labels, of: Int32.self, shape: [labels.count], chunks: chunk, compression: 4
      ).write(labels)
      if let touched = recorded.touched {
        try predictions.createDataset(
          RunLogLayout.Predictions.touched, of: Bool.self, shape: [touched.count], chunks: chunk, compression: 4
        ).write(touched)
      }
      if let rounds = recorded.settledRound {
        try predictions.createDataset(
          RunLogLayout.Predictions.settledRound, of: Int32.self, shape: [rounds.count], chunks: chunk, compression: 4
        ).write(rounds)
      }
      if let dataset = recorded.dataset { try predictions.setAttribute(RunLogLayout.Predictions.dataset, dataset) }
      if let sample = recorded.errors { try write(sample, into: predictions) }
    }
  }

  /// Writes `/datasets/<key>` unless the log holds it already (same key, same values).
  static func write(_ dataset: LoggedDataset, into file: HDF5File) throws {
    let root =
      file.exists(RunLogLayout.datasets)
      ? try file.openGroup(RunLogLayout.datasets) : try file.createGroup(RunLogLayout.datasets)
    guard !root.exists(dataset.key) else { return }
    let group = try root.createGroup(dataset.key)
    try group.setAttribute(RunLogLayout.Dataset.path, dataset.path)
    try group.setAttribute(RunLogLayout.Dataset.glyphs, dataset.truth.count)
    let chunk = [max(1, min(RunLogLayout.predictionChunk, dataset.truth.count))]
    try group.createDataset(
      RunLogLayout.Predictions.labels, of: Int32.self, shape: [dataset.truth.count], chunks: chunk, compression: 4
    ).write(dataset.truth)
    try group.createStringDataset(RunLogLayout.Dataset.classNames, values: dataset.classNames)
    let groups = try group.createGroup(RunLogLayout.Dataset.groups)
    for item in dataset.groups {
      let values = try groups.createDataset(
        item.name, of: Int32.self, shape: [item.values.count], chunks: chunk, compression: 4)
      try values.write(item.values)
      try values.setAttribute(RunLogLayout.Dataset.values, item.names)
    }
  }

  /// Writes `errors/`: the misrecognised glyphs, their exemplars and both sets of images.
  static func write(_ sample: ErrorSample, into predictions: HDF5Group) throws {
    guard !sample.indices.isEmpty else { return }
    let errors = try predictions.createGroup(RunLogLayout.errors)
    let k = sample.indices.count
    try errors.createDataset(RunLogLayout.Errors.indices, of: Int64.self, shape: [k])
      .write(sample.indices.map(Int64.init))
    try errors.createDataset(RunLogLayout.Errors.exemplars, of: Int64.self, shape: [k])
      .write(sample.exemplars.map(Int64.init))
    let shape = [k, sample.images.height, sample.images.width]
    try errors.createDataset(RunLogLayout.Errors.images, of: UInt8.self, shape: shape).write(sample.images.pixels)
    try errors.createDataset(RunLogLayout.Errors.exemplarImages, of: UInt8.self, shape: shape)
      .write(sample.exemplarImages.pixels)
  }
}
