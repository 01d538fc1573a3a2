import Foundation
import GlyphLabHDF5

/// A run log (see `docs/run-log.md`) read into plain values: the root attributes and every
/// run, in run-id order. Reports are computed from this alone.
public struct RunLogSnapshot: Sendable, Equatable {
  /// The major version of the run-log format this reader understands.
  public static let supportedMajorVersion = 1
  /// The root `format` attribute every run log carries.
  public static let formatName = "glyphlab-run-log"
  /// The target accuracy when the log does not record one.
  public static let defaultTarget = 0.975

  /// The path the log was read from (used in error messages only, never in reports).
  public var path: String
  /// The `version` attribute, e.g. "1.0".
  public var version: String
  /// The spec's experiment name.
  public var experiment: String
  /// The experiment kind (`pipeline`, `clustering`, ...).
  public var kind: String
  /// The spec file's full text.
  public var spec: String
  /// Where the spec was read from (nil if not recorded).
  public var specPath: String?
  /// The hash of the resolved spec (nil if not recorded).
  public var specHash: String?
  /// The command-line overrides, one `key=value` per entry.
  public var overrides: [String]
  /// The exact command that ran (nil if not recorded).
  public var command: String?
  /// `git rev-parse HEAD`, or "unknown" (nil if not recorded).
  public var gitCommit: String?
  /// Whether the work tree had uncommitted changes (nil if not recorded).
  public var gitDirty: Bool?
  /// The GlyphLab version that wrote the log (nil if not recorded).
  public var glyphlabVersion: String?
  /// The OpenBLAS kernels used (nil if not recorded).
  public var blasCore: String?
  /// The OpenBLAS thread count (nil if not recorded).
  public var blasThreads: Int?
  /// The host name (nil if not recorded).
  public var host: String?
  /// ISO 8601 UTC start time (nil if not recorded).
  public var startedAt: String?
  /// ISO 8601 UTC finish time (nil if not recorded or still running).
  public var finishedAt: String?
  /// The target accuracy: the `target` attribute, or ``defaultTarget``.
  public var target: Double
  /// Whether ``target`` came from the log (false: the default was assumed).
  public var targetRecorded: Bool
  /// Root attributes this reader does not interpret, by name, as text.
  public var otherAttributes: [ParameterMember]
  /// Every run, sorted by run id.
  public var runs: [RunRecord]
  /// The input files' fingerprints (the root `inputs` attribute; empty if not recorded).
  public var inputs: [InputFileRecord] = []
  /// The shared per-glyph data under `/datasets/`, by group path (`/datasets/<key>`).
  public var datasets: [String: DatasetRecord]

  /// Creates a snapshot from values (the reader uses ``init(path:)``).
  public init(
    path: String, version: String = "1.0", experiment: String, kind: String, spec: String,
    specPath: String? = nil, specHash: String? = nil, overrides: [String] = [], command: String? = nil,
    gitCommit: String? = nil, gitDirty: Bool? = nil, glyphlabVersion: String? = nil, blasCore: String? = nil,
    blasThreads: Int? = nil, host: String? = nil, startedAt: String? = nil, finishedAt: String? = nil,
    target: Double = RunLogSnapshot.defaultTarget, targetRecorded: Bool = true,
    otherAttributes: [ParameterMember] = [], inputs: [InputFileRecord] = [], runs: [RunRecord],
    datasets: [String: DatasetRecord] = [:]
  ) {
    self.inputs = inputs
    self.path = path
    self.version = version
    self.experiment = experiment
    self.kind = kind
    self.spec = spec
    self.specPath = specPath
    self.specHash = specHash
    self.overrides = overrides
    self.command = command
    self.gitCommit = gitCommit
    self.gitDirty = gitDirty
    self.glyphlabVersion = glyphlabVersion
    self.blasCore = blasCore
    self.blasThreads = blasThreads
    self.host = host
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.target = target
    self.targetRecorded = targetRecorded
    self.otherAttributes = otherAttributes
    self.runs = runs.sorted { $0.id < $1.id }
    self.datasets = datasets
  }

  /// The dataset record run `run`'s predictions refer to, if the log holds it.
  public func dataset(of run: RunRecord) -> DatasetRecord? {
    run.predictions?.dataset.flatMap { datasets[$0] }
  }

  /// Reads the run log at `path`.
  ///
  /// Required: the root attributes `format`, `version`, `experiment`, `kind` and `spec`, and on
  /// every run `params`, `seed` and `status`. Everything else is optional and shown as "not
  /// recorded" when absent. A log without a `runs` group has no runs.
  ///
  /// - Throws: ``RunLogError`` naming the file and the key at fault: not HDF5, another format,
  ///   another major version, a missing or mistyped required attribute, unparsable JSON.
  /// - Complexity: O(total size of the runs' attributes and curves).
  public init(path: String) throws {
    let file: HDF5File
    do {
      file = try HDF5File(path: path, mode: .readOnly)
    } catch let error as HDF5Error {
      throw RunLogError.unreadable(file: path, detail: error.detail.isEmpty ? error.description : error.detail)
    }
    let root = AttributeReader(holder: file, file: path, object: "the root group")
    let format = try root.requiredString("format")
    guard format == Self.formatName else { throw RunLogError.wrongFormat(file: path, found: format) }
    let version = try root.requiredString("version")
    guard Self.majorVersion(of: version) == Self.supportedMajorVersion else {
      throw RunLogError.unsupportedVersion(
        file: path, found: version, supported: "version \(Self.supportedMajorVersion).x")
    }
    let recordedTarget = try root.optionalNumber("target")
    if let recordedTarget, !(recordedTarget > 0 && recordedTarget <= 1) {
      throw RunLogError.wrongType(
        file: path, object: "the root group", key: "target", expected: "an accuracy in (0, 1]")
    }
    var runs: [RunRecord] = []
    if file.exists("runs") {
      let group = try Self.hdf5 { try file.openGroup("runs") }
      for id in try Self.hdf5({ try group.childNames() }) where group.isGroup(id) {
        runs.append(try Self.readRun(id: id, in: group, file: path))
      }
    }
    self.init(
      path: path, version: version, experiment: try root.requiredString("experiment"),
      kind: try root.requiredString("kind"), spec: try root.requiredString("spec"),
      specPath: try root.optionalString("spec_path"), specHash: try root.optionalString("spec_hash"),
      overrides: (try root.optionalString("overrides") ?? "").split(separator: "\n").map(String.init),
      command: try root.optionalString("command"), gitCommit: try root.optionalString("git_commit"),
      gitDirty: try root.optionalNumber("git_dirty").map { $0 != 0 },
      glyphlabVersion: try root.optionalString("glyphlab_version"), blasCore: try root.optionalString("blas_core"),
      blasThreads: try root.optionalInteger("blas_threads"),
      host: try root.optionalString("host"), startedAt: try root.optionalString("started_at"),
      finishedAt: try root.optionalString("finished_at"), target: recordedTarget ?? Self.defaultTarget,
      targetRecorded: recordedTarget != nil,
      otherAttributes: try root.otherAttributes(excluding: Self.rootKeys),
      inputs: try Self.inputs(try root.optionalString("inputs"), file: path), runs: runs,
      datasets: try Self.readDatasets(file, path: path))
  }

  /// The root attributes this reader interprets.
  static let rootKeys: Set<String> = [
    "format", "version", "experiment", "kind", "spec", "spec_path", "spec_hash", "overrides", "command",
    "git_commit", "git_dirty", "glyphlab_version", "blas_core", "blas_threads", "host", "started_at",
    "finished_at", "target", "inputs",
  ]

  /// Decodes the `inputs` attribute (a JSON array of fingerprints).
  static func inputs(_ text: String?, file: String) throws -> [InputFileRecord] {
    guard let text, !text.isEmpty else { return [] }
    do {
      return try JSONDecoder().decode([InputFileRecord].self, from: Data(text.utf8))
    } catch {
      throw RunLogError.wrongType(
        file: file, object: "the root group", key: "inputs", expected: "a JSON array of input fingerprints")
    }
  }

  /// The run attributes that are not scalars.
  static let runKeys: Set<String> = ["params", "seed", "status", "error", "sweep", "ablation", "index"]

  /// The integer before the first ".", or nil if there is none.
  static func majorVersion(of version: String) -> Int? {
    Int(version.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
  }

  /// Runs `body`, turning an HDF5 failure into ``RunLogError/unreadable(file:detail:)``.
  static func hdf5<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as HDF5Error {
      throw RunLogError.unreadable(file: error.context, detail: error.description)
    }
  }

  private static func readRun(id: String, in runs: HDF5Group, file: String) throws -> RunRecord {
    let group = try hdf5 { try runs.openGroup(id) }
    let object = "run \(id) (/runs/\(id))"
    let reader = AttributeReader(holder: group, file: file, object: object)
    let parameters = try reader.requiredJSONObject("params")
    guard let seed = try reader.optionalInteger("seed") else {
      throw RunLogError.missingAttribute(file: file, object: object, key: "seed")
    }
    var scalars: [String: Double] = [:]
    var texts: [String: String] = [:]
    for name in try hdf5({ try group.attributeNames() })
    where !runKeys.contains(name) && !name.hasPrefix("p.") {
      switch try reader.value(name) {
      case .number(let value): scalars[name] = value
      case .text(let value): texts[name] = value
      }
    }
    var record = RunRecord(
      id: id, parameters: parameters, seed: seed, status: RunStatus(try reader.requiredString("status")),
      error: try reader.optionalString("error"),
      sweep: group.hasAttribute("sweep") ? try reader.requiredJSONObject("sweep") : [],
      ablation: try reader.optionalString("ablation") ?? "", scalars: scalars, texts: texts,
      curves: try readSeries(in: group, folder: "curve", file: file),
      episodes: try readSeries(in: group, folder: "episodes", file: file),
      predictions: try readPredictions(in: group, file: file))
    record.measuredSeconds = try readMeasuredSeconds(in: group, file: file)
    return record
  }

  /// The measured seconds per action of a person's session (the run's `annotations` table).
  private static func readMeasuredSeconds(in run: HDF5Group, file: String) throws -> [String: [Double]] {
    guard run.isGroup("annotations") else { return [:] }
    let table = try hdf5 { try run.openGroup("annotations") }
    let actions = try hdf5 { try table.openDataset("action").readStrings() }
    let seconds = try numbers("seconds", in: table, file: file, as: Double.self)
    let undone = try numbers("undone", in: table, file: file, as: UInt8.self)
    guard actions.count == seconds.count, undone.count == seconds.count else {
      throw RunLogError.unreadableDataset(
        file: file, dataset: "\(table.objectPath)/seconds",
        detail: "\(seconds.count) values for \(actions.count) actions and \(undone.count) undone flags")
    }
    var result: [String: [Double]] = [:]
    for i in actions.indices where undone[i] == 0 { result[actions[i], default: []].append(seconds[i]) }
    return result
  }

  /// Reads a numeric dataset, naming it in the error.
  static func numbers<T: HDF5Scalar>(
    _ name: String, in group: HDF5Group, file: String, as type: T.Type
  ) throws -> [T] {
    let path = "\(group.objectPath)/\(name)"
    do {
      let dataset = try group.openDataset(name)
      guard try dataset.elementType().kind != .string else {
        throw RunLogError.unreadableDataset(file: file, dataset: path, detail: "it holds text")
      }
      return try dataset.read(as: T.self)
    } catch let error as HDF5Error {
      throw RunLogError.unreadableDataset(file: file, dataset: path, detail: error.description)
    }
  }

  private static func readPredictions(in run: HDF5Group, file: String) throws -> PredictionRecord? {
    guard run.isGroup("predictions") else { return nil }
    let group = try hdf5 { try run.openGroup("predictions") }
    guard group.exists("labels") else { return nil }
    let labels = try numbers("labels", in: group, file: file, as: Int32.self)
    func perGlyph<T: HDF5Scalar>(_ name: String, _ type: T.Type) throws -> [T]? {
      guard group.exists(name) else { return nil }
      let values = try numbers(name, in: group, file: file, as: T.self)
      guard values.count == labels.count else {
        throw RunLogError.unreadableDataset(
          file: file, dataset: "\(group.objectPath)/\(name)",
          detail: "has \(values.count) values for \(labels.count) labels")
      }
      return values
    }
    let reader = AttributeReader(holder: group, file: file, object: group.objectPath)
    var errors: PredictionRecord.ErrorImages?
    if group.isGroup("errors") {
      let e = try hdf5 { try group.openGroup("errors") }
      let indices = try numbers("indices", in: e, file: file, as: Int64.self).map { Int($0) }
      let exemplars = try numbers("exemplars", in: e, file: file, as: Int64.self).map { Int($0) }
      let shape = try hdf5 { try e.openDataset("images").shape() }
      let images = try numbers("images", in: e, file: file, as: UInt8.self)
      let exemplarImages = try numbers("exemplar_images", in: e, file: file, as: UInt8.self)
      guard shape.count == 3, shape[0] == indices.count, exemplars.count == indices.count,
        exemplarImages.count == images.count
      else {
        throw RunLogError.unreadableDataset(
          file: file, dataset: "\(e.objectPath)/images",
          detail: "expected [\(indices.count), H, W] images matching indices and exemplar_images, got \(shape)")
      }
      errors = PredictionRecord.ErrorImages(
        indices: indices, exemplars: exemplars, height: shape[1], width: shape[2], images: images,
        exemplarImages: exemplarImages)
    }
    return PredictionRecord(
      labels: labels, touched: try perGlyph("touched", UInt8.self)?.map { $0 != 0 },
      settledRound: try perGlyph("settled_round", Int32.self), dataset: try reader.optionalString("dataset"),
      errors: errors)
  }

  private static func readDatasets(_ file: HDF5File, path: String) throws -> [String: DatasetRecord] {
    guard file.isGroup("datasets") else { return [:] }
    let root = try hdf5 { try file.openGroup("datasets") }
    var out: [String: DatasetRecord] = [:]
    for key in try hdf5({ try root.childNames() }) where root.isGroup(key) {
      let group = try hdf5 { try root.openGroup(key) }
      let reader = AttributeReader(holder: group, file: path, object: group.objectPath)
      let truth = try numbers("labels", in: group, file: path, as: Int32.self)
      let names: [String]
      do {
        names = try group.openDataset("class_names").readStrings()
      } catch let error as HDF5Error {
        throw RunLogError.unreadableDataset(
          file: path, dataset: "\(group.objectPath)/class_names", detail: error.description)
      }
      var groups: [DatasetRecord.Group] = []
      if group.isGroup("groups") {
        let folder = try hdf5 { try group.openGroup("groups") }
        for name in try hdf5({ try folder.childNames() }) where !folder.isGroup(name) {
          let values = try numbers(name, in: folder, file: path, as: Int32.self)
          let valueNames = try hdf5 { try folder.openDataset(name).stringsAttribute("values") }
          guard values.count == truth.count else {
            throw RunLogError.unreadableDataset(
              file: path, dataset: "\(folder.objectPath)/\(name)",
              detail: "has \(values.count) values for \(truth.count) labels")
          }
          groups.append(DatasetRecord.Group(name: name, values: values, names: valueNames))
        }
      }
      let full = "/datasets/\(key)"
      out[full] = DatasetRecord(
        path: full, source: try reader.optionalString("path"), truth: truth, classNames: names, groups: groups)
    }
    return out
  }

  private static func readSeries(in group: HDF5Group, folder: String, file: String) throws -> [String: [Double]] {
    guard group.isGroup(folder) else { return [:] }
    let series = try hdf5 { try group.openGroup(folder) }
    var result: [String: [Double]] = [:]
    for name in try hdf5({ try series.childNames() }) where !series.isGroup(name) {
      let path = "\(series.objectPath)/\(name)"
      do {
        let dataset = try series.openDataset(name)
        guard try dataset.elementType().kind != .string else {
          throw RunLogError.unreadableDataset(file: file, dataset: path, detail: "it holds text")
        }
        result[name] = try dataset.read(as: Double.self)
      } catch let error as HDF5Error {
        throw RunLogError.unreadableDataset(file: file, dataset: path, detail: error.description)
      }
    }
    return result
  }
}
