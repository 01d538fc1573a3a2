import Foundation
import GlyphLabHDF5

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a run log so that a `kill -9` at any moment leaves a readable file holding every
/// run of the last commit intact.
///
/// The log on disk is only ever replaced whole: each ``commit(_:running:finishedAt:)``
/// copies it to `.NAME.partial` beside it, adds the new runs to the copy, closes and
/// `fsync`s the copy, renames it over the log (atomic on POSIX file systems) and `fsync`s
/// the directory. A crash before the rename leaves the old log; after it, the new one. A
/// stale `.partial` from a crash is removed by the next commit. Only the thread that owns
/// the writer calls HDF5; the caller must hold the log's ``RunLogLock``.
///
/// - Complexity: a commit costs O(log size) to copy plus O(size of the new runs).
final class RunLogWriter {
  let path: String
  let partialPath: String

  init(path: String) {
    self.path = path
    let url = URL(fileURLWithPath: path)
    partialPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
  }

  /// Starts a new log holding only `header` (replacing any file at `path`).
  func create(header: RunLogHeader) throws {
    try replace(copying: false) { file in
      try header.write(to: file)
      try file.createGroup(RunLogLayout.runs)
    }
  }

  /// Adds `outcomes` (replacing any earlier group of the same run), marks `running` runs
  /// as running, and updates the root attributes with `update`.
  func commit(
    _ outcomes: [RunOutcome], running: [(run: PlannedRun, startedAt: String)], runningStatus: RunStatus = .running,
    update: (HDF5File) throws -> Void = { _ in }
  ) throws {
    try replace(copying: true) { file in
      let runs = try file.group(RunLogLayout.runs)
      for (run, startedAt) in running {
        try Self.write(run: run, status: runningStatus, error: "", startedAt: startedAt, into: runs)
      }
      for outcome in outcomes {
        let group = try Self.write(
          run: outcome.run, status: outcome.status, error: outcome.error, startedAt: outcome.startedAt, into: runs)
        try group.setAttribute("finished_at", outcome.finishedAt)
        try Self.write(outcome.recording, into: group)
        if let dataset = outcome.recording.dataset { try Self.write(dataset, into: file) }
      }
      try update(file)
    }
  }

  /// Writes a new version of the log with `body` and moves it into place durably.
  func replace(copying: Bool, _ body: (HDF5File) throws -> Void) throws {
    let manager = FileManager.default
    if manager.fileExists(atPath: partialPath) { try manager.removeItem(atPath: partialPath) }
    do {
      let file: HDF5File
      if copying {
        try manager.copyItem(atPath: path, toPath: partialPath)
        file = try HDF5File(path: partialPath, mode: .readWrite)
      } else {
        file = try HDF5File(path: partialPath, mode: .createNew)
      }
      try body(file)
      try file.close()
      try Self.sync(partialPath)
      guard rename(partialPath, path) == 0 else {
        throw RunLogError(path: path, "cannot rename \(partialPath) over the log: \(String(cString: strerror(errno)))")
      }
      try Self.sync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    } catch {
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
    run: PlannedRun, status: RunStatus, error: String, startedAt: String, into runs: HDF5Group
  ) throws -> HDF5Group {
    if runs.exists(run.id) { try runs.remove(run.id) }
    let group = try runs.createGroup(run.id)
    try group.setAttribute("params", run.parameters.canonicalJSON)
    try group.setAttribute("seed", Int(truncatingIfNeeded: run.seed))
    try group.setAttribute("index", run.index)
    try group.setAttribute("status", status.rawValue)
    if status == .failed { try group.setAttribute("error", error) }
    try group.setAttribute("sweep", run.sweepJSON)
    try group.setAttribute("ablation", run.ablation)
    try group.setAttribute("started_at", startedAt)
    for (key, value) in run.parameters.values.sorted(by: { $0.key < $1.key }) {
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
    if let labels = recording.predictedLabels {
      let predictions = try group.createGroup(RunLogLayout.predictions)
      let chunk = [max(1, min(RunLogLayout.predictionChunk, labels.count))]
      try predictions.createDataset("labels", of: Int32.self, shape: [labels.count], chunks: chunk, compression: 4)
        .write(labels)
      if let touched = recording.touched {
        try predictions.createDataset("touched", of: Bool.self, shape: [touched.count], chunks: chunk, compression: 4)
          .write(touched.map { $0 != 0 })
      }
      if let rounds = recording.settledRound {
        try predictions.createDataset(
          "settled_round", of: Int32.self, shape: [rounds.count], chunks: chunk, compression: 4
        ).write(rounds)
      }
      if let dataset = recording.dataset {
        try predictions.setAttribute("dataset", "/\(RunLogLayout.datasets)/\(dataset.key)")
      }
      if let sample = recording.errorSample { try write(sample, into: predictions) }
    }
  }

  /// Writes `/datasets/<key>` unless the log holds it already (same key, same values).
  static func write(_ dataset: LoggedDataset, into file: HDF5File) throws {
    let root =
      file.exists(RunLogLayout.datasets)
      ? try file.openGroup(RunLogLayout.datasets) : try file.createGroup(RunLogLayout.datasets)
    guard !root.exists(dataset.key) else { return }
    let group = try root.createGroup(dataset.key)
    try group.setAttribute("path", dataset.path)
    try group.setAttribute("glyphs", dataset.truth.count)
    let chunk = [max(1, min(RunLogLayout.predictionChunk, dataset.truth.count))]
    try group.createDataset("labels", of: Int32.self, shape: [dataset.truth.count], chunks: chunk, compression: 4)
      .write(dataset.truth)
    try group.createStringDataset("class_names", values: dataset.classNames)
    let groups = try group.createGroup("groups")
    for item in dataset.groups {
      let values = try groups.createDataset(
        item.name, of: Int32.self, shape: [item.values.count], chunks: chunk, compression: 4)
      try values.write(item.values)
      try values.setAttribute("values", item.names)
    }
  }

  /// Writes `errors/`: the misrecognised glyphs, their exemplars and both sets of images.
  static func write(_ sample: ErrorSample, into predictions: HDF5Group) throws {
    guard !sample.indices.isEmpty else { return }
    let errors = try predictions.createGroup(RunLogLayout.errors)
    let k = sample.indices.count
    try errors.createDataset("indices", of: Int64.self, shape: [k]).write(sample.indices.map(Int64.init))
    try errors.createDataset("exemplars", of: Int64.self, shape: [k]).write(sample.exemplars.map(Int64.init))
    let shape = [k, sample.images.height, sample.images.width]
    try errors.createDataset("images", of: UInt8.self, shape: shape).write(sample.images.pixels)
    try errors.createDataset("exemplar_images", of: UInt8.self, shape: shape).write(sample.exemplarImages.pixels)
  }
}
