import GlyphLabCore
import GlyphLabHDF5

/// Reads a run log (`docs/run-log.md`): its header, the runs and their curves, episodes and
/// predictions, and the datasets the predictions refer to. Opening checks the format and
/// major version and reads the root attributes; runs are read one at a time, when asked, so a
/// log of many runs costs only what is read. Every failure is a ``RunLogError`` naming the
/// file, and the object and key at fault.
public final class RunLogReader {
  /// The file read.
  public let path: String
  /// The root attributes.
  public let header: RunLogHeader
  private let file: HDF5File

  /// Opens the log at `path` read-only and reads its ``header``.
  public init(path: String) throws {
    self.path = path
    do {
      file = try HDF5File(path: path, mode: .readOnly)
    } catch let error as HDF5Error {
      throw RunLogError.unreadable(file: path, detail: error.detail.isEmpty ? error.description : error.detail)
    }
    header = try RunLogHeader.read(from: file, path: path)
  }

  /// Every root attribute by name (sorted), as a number or text, whatever ``header`` makes
  /// of it.
  public func rootAttributes() throws -> [(name: String, value: AttributeValue)] {
    let root = AttributeReader(holder: file, file: path, object: "the root group")
    return try Self.hdf5(path) { try file.attributeNames() }.sorted().map { ($0, try root.value($0)) }
  }

  /// The ids of the runs in the log, sorted.
  public func runIDs() throws -> [String] {
    guard file.isGroup(RunLogLayout.runs) else { return [] }
    let runs = try Self.hdf5(path) { try file.openGroup(RunLogLayout.runs) }
    return try Self.hdf5(path) { try runs.childNames() }.filter { runs.isGroup($0) }
  }

  /// The status of every run, by id (reads one attribute per run, so it stays small for
  /// logs of many runs).
  public func statuses() throws -> [(id: String, status: RunStatus)] {
    try runIDs().map { id in (id, try status(of: runGroup(id), id: id)) }
  }

  /// Every run, in expansion order.
  public func entries() throws -> [RunLogEntry] {
    try runIDs().map { try entry($0) }.sorted { ($0.index, $0.id) < ($1.index, $1.id) }
  }

  /// Run `id`'s attributes. Required: `params`, `seed` and `status` (one of ``RunStatus``);
  /// every attribute the runner does not reserve becomes a scalar, an integer or a string
  /// (an array reads as the text `[a, b]`).
  public func entry(_ id: String) throws -> RunLogEntry {
    let group = try runGroup(id)
    let reader = AttributeReader(holder: group, file: path, object: Self.object(id))
    var scalars: [String: Double] = [:]
    var integers: [String: Int] = [:]
    var strings: [String: String] = [:]
    for name in try Self.hdf5(path, { try group.attributeNames() })
    where !RunLogLayout.reservedRunAttributes.contains(name) || name == RunLogLayout.wallSeconds {
      guard !name.hasPrefix(RunLogLayout.parameterPrefix) else { continue }
      let single = (try? group.attributeCount(name)) == 1
      switch single ? try? group.attributeClass(name) : nil {
      case .float?: scalars[name] = try reader.optionalNumber(name)
      case .integer?: integers[name] = try reader.optionalInteger(name)
      case .string?: strings[name] = try reader.optionalString(name)
      default:
        switch try reader.value(name) {
        case .number(let value): scalars[name] = value
        case .text(let value): strings[name] = value
        }
      }
    }
    let params = try reader.requiredString("params")
    guard let seed = try reader.optionalBits("seed") else {
      throw RunLogError.missingAttribute(file: path, object: Self.object(id), key: "seed")
    }
    return RunLogEntry(
      id: id, status: try status(of: group, id: id), error: try reader.optionalString("error") ?? "", seed: seed,
      index: try reader.optionalInteger("index") ?? 0, params: params, sweep: try reader.optionalString("sweep") ?? "",
      ablation: try reader.optionalString("ablation") ?? "", scalars: scalars, integers: integers, strings: strings,
      startedAt: try reader.optionalString("started_at") ?? "",
      finishedAt: try reader.optionalString("finished_at") ?? "")
  }

  /// The curves of run `id`, sorted by name (int64 series stay integers).
  public func curves(_ id: String) throws -> [CurveSeries] {
    let group = try runGroup(id)
    guard group.isGroup(RunLogLayout.curve) else { return [] }
    let curve = try Self.hdf5(path) { try group.openGroup(RunLogLayout.curve) }
    return try Self.hdf5(path) { try curve.childNames() }.filter { !curve.isGroup($0) }.map { name in
      let kind = try Self.hdf5(path) { try curve.openDataset(name).elementType().kind }
      var series = CurveSeries(name: name, isInteger: kind == .integer)
      if series.isInteger {
        series.integers = try numbers(name, in: curve, as: Int64.self)
      } else {
        series.doubles = try numbers(name, in: curve, as: Double.self)
      }
      return series
    }
  }

  /// The per-episode accuracies of run `id`, by method name (sorted).
  public func episodes(_ id: String) throws -> [(method: String, accuracies: [Double])] {
    let group = try runGroup(id)
    guard group.isGroup(RunLogLayout.episodes) else { return [] }
    let episodes = try Self.hdf5(path) { try group.openGroup(RunLogLayout.episodes) }
    return try Self.hdf5(path) { try episodes.childNames() }.filter { !episodes.isGroup($0) }.map {
      ($0, try numbers($0, in: episodes, as: Double.self))
    }
  }

  /// The predictions of run `id`, if recorded; per-glyph datasets must have one value per
  /// label, and the error images one `[H, W]` image per error.
  public func predictions(_ id: String) throws -> LoggedPredictions? {
    let run = try runGroup(id)
    guard run.isGroup(RunLogLayout.predictions) else { return nil }
    let group = try Self.hdf5(path) { try run.openGroup(RunLogLayout.predictions) }
    guard group.exists(RunLogLayout.Predictions.labels) else { return nil }
    let labels = try numbers(RunLogLayout.Predictions.labels, in: group, as: Int32.self)
    func perGlyph<T: HDF5Scalar>(_ name: String, _ type: T.Type) throws -> [T]? {
      guard group.exists(name) else { return nil }
      let values = try numbers(name, in: group, as: T.self)
      guard values.count == labels.count else {
        throw RunLogError.unreadableDataset(
          file: path, dataset: "\(group.objectPath)/\(name)",
          detail: "has \(values.count) values for \(labels.count) labels")
      }
      return values
    }
    let reader = AttributeReader(holder: group, file: path, object: group.objectPath)
    var errors: ErrorSample?
    if group.isGroup(RunLogLayout.errors) {
      errors = try errorSample(in: try Self.hdf5(path) { try group.openGroup(RunLogLayout.errors) })
    }
    return LoggedPredictions(
      labels: labels, touched: try perGlyph(RunLogLayout.Predictions.touched, UInt8.self)?.map { $0 != 0 },
      settledRound: try perGlyph(RunLogLayout.Predictions.settledRound, Int32.self),
      dataset: try reader.optionalString(RunLogLayout.Predictions.dataset), errors: errors)
  }

  /// The `annotations` table of run `id` (a person's session), if recorded; its `action`,
  /// `seconds` and `undone` columns must have one value per answer.
  public func annotations(_ id: String) throws -> LoggedAnnotations? {
    let run = try runGroup(id)
    guard run.isGroup(RunLogLayout.annotations) else { return nil }
    let table = try Self.hdf5(path) { try run.openGroup(RunLogLayout.annotations) }
    let actionPath = "\(table.objectPath)/\(RunLogLayout.Annotations.action)"
    let actions: [String]
    do {
      actions = try table.openDataset(RunLogLayout.Annotations.action).readStrings()
    } catch let error as HDF5Error {
      throw RunLogError.unreadableDataset(file: path, dataset: actionPath, detail: error.description)
    }
    let seconds = try numbers(RunLogLayout.Annotations.seconds, in: table, as: Double.self)
    let undone = try numbers(RunLogLayout.Annotations.undone, in: table, as: UInt8.self)
    guard actions.count == seconds.count, undone.count == seconds.count else {
      throw RunLogError.unreadableDataset(
        file: path, dataset: "\(table.objectPath)/\(RunLogLayout.Annotations.seconds)",
        detail: "\(seconds.count) values for \(actions.count) actions and \(undone.count) undone flags")
    }
    return LoggedAnnotations(actions: actions, seconds: seconds, undone: undone.map { $0 != 0 })
  }

  /// Every `/datasets/<key>` group, by key; each group dataset must have one value per label.
  public func datasets() throws -> [LoggedDataset] {
    guard file.isGroup(RunLogLayout.datasets) else { return [] }
    let root = try Self.hdf5(path) { try file.openGroup(RunLogLayout.datasets) }
    return try Self.hdf5(path) { try root.childNames() }.filter { root.isGroup($0) }.map { key in
      let group = try Self.hdf5(path) { try root.openGroup(key) }
      let reader = AttributeReader(holder: group, file: path, object: group.objectPath)
      let truth = try numbers(RunLogLayout.Predictions.labels, in: group, as: Int32.self)
      let names: [String]
      do {
        names = try group.openDataset(RunLogLayout.Dataset.classNames).readStrings()
      } catch let error as HDF5Error {
        throw RunLogError.unreadableDataset(
          file: path, dataset: "\(group.objectPath)/\(RunLogLayout.Dataset.classNames)", detail: error.description)
      }
      var groups: [LoggedDataset.Group] = []
      if group.isGroup(RunLogLayout.Dataset.groups) {
        let folder = try Self.hdf5(path) { try group.openGroup(RunLogLayout.Dataset.groups) }
        for name in try Self.hdf5(path, { try folder.childNames() }) where !folder.isGroup(name) {
          let values = try numbers(name, in: folder, as: Int32.self)
          let valueNames = try Self.hdf5(path) {
            try folder.openDataset(name).stringsAttribute(RunLogLayout.Dataset.values)
          }
          guard values.count == truth.count else {
            throw RunLogError.unreadableDataset(
              file: path, dataset: "\(folder.objectPath)/\(name)",
              detail: "has \(values.count) values for \(truth.count) labels")
          }
          groups.append(LoggedDataset.Group(name: name, values: values, names: valueNames))
        }
      }
      return LoggedDataset(
        key: key, path: try reader.optionalString(RunLogLayout.Dataset.path) ?? "", truth: truth, classNames: names,
        groups: groups)
    }
  }

  /// Everything run `id` recorded, timing scalars left out (so two runs of the same
  /// parameters and seed compare equal); the shared dataset is not read.
  public func recording(_ id: String) throws -> RunRecording {
    let entry = try entry(id)
    var recording = RunRecording()
    recording.scalars = entry.scalars.filter { !RunLogLayout.isTiming($0.key) }
    recording.integers = entry.integers
    recording.strings = entry.strings
    recording.curves = try curves(id).sorted { $0.name < $1.name }
    recording.rounds = recording.curves.first?.count ?? 0
    recording.episodes = try episodes(id)
    recording.predictions = try predictions(id)
    return recording
  }

  /// Closes the file (also done when the reader goes away).
  public func close() throws { try file.close() }

  /// Runs `body`, turning an HDF5 failure into ``RunLogError/unreadable(file:detail:)``.
  static func hdf5<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as HDF5Error {
      throw RunLogError.unreadable(file: path, detail: error.description)
    }
  }

  private static func object(_ id: String) -> String { "run \(id) (/\(RunLogLayout.runGroup(id)))" }

  private func runGroup(_ id: String) throws -> HDF5Group {
    let name = RunLogLayout.runGroup(id)
    guard file.isGroup(name) else { throw RunLogError(path: path, "no run \(id) in the log") }
    return try Self.hdf5(path) { try file.openGroup(name) }
  }

  private func status(of group: HDF5Group, id: String) throws -> RunStatus {
    let text = try AttributeReader(holder: group, file: path, object: Self.object(id)).requiredString("status")
    guard let status = RunStatus(rawValue: text) else {
      throw RunLogError.wrongType(
        file: path, object: Self.object(id), key: "status",
        expected: RunStatus.allCases.map(\.rawValue).joined(separator: ", ") + " (it is \"\(text)\")")
    }
    return status
  }

  /// A numeric dataset, naming it in the error (text is refused).
  private func numbers<T: HDF5Scalar>(_ name: String, in group: HDF5Group, as type: T.Type) throws -> [T] {
    let dataset = "\(group.objectPath)/\(name)"
    do {
      let handle = try group.openDataset(name)
      guard try handle.elementType().kind != .string else {
        throw RunLogError.unreadableDataset(file: path, dataset: dataset, detail: "it holds text")
      }
      return try handle.read(as: T.self)
    } catch let error as HDF5Error {
      throw RunLogError.unreadableDataset(file: path, dataset: dataset, detail: error.description)
    }
  }

  /// `predictions/errors`: indices, exemplars and `[k, H, W]` images of both.
  private func errorSample(in group: HDF5Group) throws -> ErrorSample {
    let indices = try numbers(RunLogLayout.Errors.indices, in: group, as: Int64.self).map { Int($0) }
    let exemplars = try numbers(RunLogLayout.Errors.exemplars, in: group, as: Int64.self).map { Int($0) }
    let shape = try Self.hdf5(path) { try group.openDataset(RunLogLayout.Errors.images).shape() }
    let images = try numbers(RunLogLayout.Errors.images, in: group, as: UInt8.self)
    let exemplarImages = try numbers(RunLogLayout.Errors.exemplarImages, in: group, as: UInt8.self)
    let problem = RunLogError.unreadableDataset(
      file: path, dataset: "\(group.objectPath)/\(RunLogLayout.Errors.images)",
      detail: "expected [\(indices.count), H, W] images matching indices and exemplar_images, got \(shape)")
    guard shape.count == 3, shape[0] == indices.count, exemplars.count == indices.count,
      exemplarImages.count == images.count, images.count == shape[0] * shape[1] * shape[2]
    else { throw problem }
    do {
      return try ErrorSample(
        indices: indices, exemplars: exemplars,
        images: try GlyphImages(count: shape[0], height: shape[1], width: shape[2], pixels: images),
        exemplarImages: try GlyphImages(count: shape[0], height: shape[1], width: shape[2], pixels: exemplarImages))
    } catch {
      throw problem
    }
  }
}
