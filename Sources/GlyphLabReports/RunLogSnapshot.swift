import Foundation
import GlyphLabRunLog

/// A run log (see `docs/run-log.md`) read through ``GlyphLabRunLog/RunLogReader`` into the
/// values a report needs: the root attributes, with "not recorded" as nil, and every run, in
/// run-id order. Reports are computed from this alone.
public struct RunLogSnapshot: Sendable, Equatable {
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
  /// Root attributes the report shows only as they are (``shownRootAttributes`` left out),
  /// by name, as numbers or text.
  public var otherAttributes: [JSONMember]
  /// Every run, sorted by run id.
  public var runs: [RunRecord]
  /// The input files' fingerprints (the root `inputs` attribute; empty if not recorded).
  public var inputs: [InputFingerprint] = []
  /// The shared per-glyph data under `/datasets/`, by group path (`/datasets/<key>`).
  public var datasets: [String: LoggedDataset]

  /// Creates a snapshot from values (the reader uses ``init(path:)``).
  public init(
    path: String, version: String = "1.0", experiment: String, kind: String, spec: String,
    specPath: String? = nil, specHash: String? = nil, overrides: [String] = [], command: String? = nil,
    gitCommit: String? = nil, gitDirty: Bool? = nil, glyphlabVersion: String? = nil, blasCore: String? = nil,
    blasThreads: Int? = nil, host: String? = nil, startedAt: String? = nil, finishedAt: String? = nil,
    target: Double = RunLogSnapshot.defaultTarget, targetRecorded: Bool = true,
    otherAttributes: [JSONMember] = [], inputs: [InputFingerprint] = [], runs: [RunRecord],
    datasets: [String: LoggedDataset] = [:]
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
  public func dataset(of run: RunRecord) -> LoggedDataset? {
    run.predictions?.dataset.flatMap { datasets[$0] }
  }

  /// Reads the run log at `path` with ``GlyphLabRunLog/RunLogReader``.
  ///
  /// Required: the root attributes `format`, `version`, `experiment`, `kind` and `spec`, and on
  /// every run `params`, `seed` and `status`. Everything else is optional and shown as "not
  /// recorded" when absent. A log without a `runs` group has no runs.
  ///
  /// - Throws: ``GlyphLabRunLog/RunLogError`` naming the file and the key at fault: not HDF5,
  ///   another format, another major version, a missing or mistyped required attribute,
  ///   unparsable JSON.
  /// - Complexity: O(total size of the runs' attributes and curves).
  public init(path: String) throws {
    let reader = try RunLogReader(path: path)
    defer { try? reader.close() }
    let header = reader.header
    func recorded(_ name: String) -> Bool { header.recorded.contains(name) }
    func optional(_ name: String, _ value: String) -> String? { recorded(name) ? value : nil }
    let runs = try reader.runIDs().map { id in
      var record = try RunRecord(
        entry: try reader.entry(id), curves: try reader.curves(id), episodes: try reader.episodes(id),
        predictions: try reader.predictions(id), file: path)
      record.measuredSeconds = try reader.annotations(id)?.measuredSeconds ?? [:]
      return record
    }
    let others = try reader.rootAttributes().filter { !Self.shownRootAttributes.contains($0.name) }.map { attribute in
      switch attribute.value {
      case .number(let number): return JSONMember(key: attribute.name, value: .number(number))
      case .text(let text): return JSONMember(key: attribute.name, value: .string(text))
      }
    }
    self.init(
      path: path, version: header.version, experiment: header.experiment, kind: header.kind, spec: header.spec,
      specPath: optional("spec_path", header.specPath), specHash: optional("spec_hash", header.specHash),
      overrides: header.overrides.split(separator: "\n").map(String.init),
      command: optional("command", header.command), gitCommit: optional("git_commit", header.provenance.gitCommit),
      gitDirty: recorded("git_dirty") ? header.provenance.gitDirty != 0 : nil,
      glyphlabVersion: optional("glyphlab_version", header.provenance.glyphlabVersion),
      blasCore: optional("blas_core", header.provenance.blasCore),
      blasThreads: recorded("blas_threads") ? header.provenance.blasThreads : nil,
      host: optional("host", header.provenance.host), startedAt: optional("started_at", header.startedAt),
      finishedAt: optional("finished_at", header.finishedAt),
      target: header.target.isNaN ? Self.defaultTarget : header.target, targetRecorded: !header.target.isNaN,
      otherAttributes: others, inputs: header.inputs, runs: runs,
      datasets: Dictionary(try reader.datasets().map { ($0.groupPath, $0) }, uniquingKeysWith: { a, _ in a }))
  }

  /// The root attributes the report shows in lines of their own (the rest are listed as
  /// they are).
  static let shownRootAttributes: Set<String> = [
    "format", "version", "experiment", "kind", "spec", "spec_path", "spec_hash", "overrides", "command",
    "git_commit", "git_dirty", "glyphlab_version", "blas_core", "blas_threads", "host", "started_at",
    "finished_at", "target", "inputs",
  ]
}
