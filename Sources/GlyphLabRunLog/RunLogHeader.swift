import GlyphLabHDF5

/// The root attributes of a run log: what experiment it holds and how it was made.
public struct RunLogHeader: Sendable, Equatable {
  /// The format version of the file, e.g. "1.0".
  public var version = RunLogLayout.version
  /// The spec's experiment name.
  public var experiment: String
  /// The experiment kind.
  public var kind: String
  /// The spec file's full text.
  public var spec: String
  /// Where the spec was read from.
  public var specPath: String
  /// ``ExperimentSpec/specHash``.
  public var specHash: String
  /// ``ExperimentSpec/resolvedJSON``.
  public var specResolved: String
  /// The command-line overrides, one per line.
  public var overrides: String
  /// The command that created the log.
  public var command: String
  /// Provenance of the session that created the log.
  public var provenance: Provenance
  /// When the log was created (ISO 8601 UTC).
  public var startedAt: String
  /// When its last planned run finished, or "" while runs remain.
  public var finishedAt: String
  /// The target accuracy.
  public var target: Double
  /// The ids of the runs this log is to hold (a shard's share, or all).
  public var plannedRuns: [String]
  /// The ids of all the experiment's runs, in expansion order (a shard's log holds only
  /// ``plannedRuns`` of them).
  public var experimentRuns: [String]
  /// The summary scalars `glyphlab runs` shows as columns.
  public var keyMetrics: [String]
  /// "i/n" for a shard's log, "" otherwise.
  public var shard: String
  /// JSON array with one object per session that wrote the log (creation, resumes, merges).
  public var sessions: String
  /// The input files the runs read, as they were when the log was created (empty for logs
  /// of format 1.0).
  public var inputs: [InputFingerprint] = []
  /// The names of the root attributes the file held, for telling "" or 0 from "not
  /// recorded" (empty for a header made in memory).
  public var recorded: Set<String> = []
  /// Where the cost model came from when the spec names a costs file (root attribute
  /// `costs_source`, written only then); "" otherwise.
  public var costsSource = ""

  /// Creates a header.
  public init(
    experiment: String, kind: String, spec: String, specPath: String, specHash: String, specResolved: String,
    overrides: String, command: String, provenance: Provenance, startedAt: String, finishedAt: String,
    target: Double, plannedRuns: [String], experimentRuns: [String], keyMetrics: [String], shard: String,
    sessions: String
  ) {
    self.experiment = experiment
    self.kind = kind
    self.spec = spec
    self.specPath = specPath
    self.specHash = specHash
    self.specResolved = specResolved
    self.overrides = overrides
    self.command = command
    self.provenance = provenance
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.target = target
    self.plannedRuns = plannedRuns
    self.experimentRuns = experimentRuns
    self.keyMetrics = keyMetrics
    self.shard = shard
    self.sessions = sessions
  }

  /// Writes every root attribute.
  public func write(to file: HDF5File) throws {
    try file.setAttribute("format", RunLogLayout.format)
    try file.setAttribute("version", version)
    try file.setAttribute("experiment", experiment)
    try file.setAttribute("kind", kind)
    try file.setAttribute("spec", spec)
    try file.setAttribute("spec_path", specPath)
    try file.setAttribute("spec_hash", specHash)
    try file.setAttribute("spec_resolved", specResolved)
    try file.setAttribute("overrides", overrides)
    try file.setAttribute("command", command)
    try file.setAttribute("git_commit", provenance.gitCommit)
    try file.setAttribute("git_dirty", provenance.gitDirty)
    try file.setAttribute("glyphlab_version", provenance.glyphlabVersion)
    try file.setAttribute("blas_core", provenance.blasCore)
    try file.setAttribute("blas_threads", provenance.blasThreads)
    try file.setAttribute("host", provenance.host)
    try file.setAttribute("started_at", startedAt)
    try file.setAttribute("finished_at", finishedAt)
    try file.setAttribute("target", target)
    try Self.writeRunList(RunLogLayout.plannedRuns, plannedRuns, to: file)
    try Self.writeRunList(RunLogLayout.experimentRuns, experimentRuns, to: file)
    try file.setAttribute("key_metrics", keyMetrics)
    try file.setAttribute("shard", shard)
    try file.setAttribute("sessions", sessions)
    try file.setAttribute("inputs", InputFingerprint.encode(inputs))
    if !costsSource.isEmpty { try file.setAttribute("costs_source", costsSource) }
  }

  /// Reads the root attributes after checking the format and major version.
  ///
  /// Required: `format`, `version`, `experiment`, `kind` and `spec`; every other attribute
  /// reads as "" (or 0, or NaN for `target`) when absent, and ``recorded`` says which were
  /// there. A `target` outside (0, 1] is an error.
  static func read(from file: HDF5File, path: String) throws -> RunLogHeader {
    let root = AttributeReader(holder: file, file: path, object: "the root group")
    let format = try root.requiredString("format")
    guard format == RunLogLayout.format else { throw RunLogError.wrongFormat(file: path, found: format) }
    let version = try root.requiredString("version")
    guard Int(version.split(separator: ".", omittingEmptySubsequences: false).first ?? "") == RunLogLayout.majorVersion
    else {
      throw RunLogError.unsupportedVersion(
        file: path, found: version, supported: "version \(RunLogLayout.majorVersion).x")
    }
    let target = try root.optionalNumber("target")
    if let target, !(target > 0 && target <= 1) {
      throw RunLogError.wrongType(
        file: path, object: "the root group", key: "target", expected: "an accuracy in (0, 1]")
    }
    func string(_ name: String) throws -> String { try root.optionalString(name) ?? "" }
    func int(_ name: String) throws -> Int { try root.optionalInteger(name) ?? 0 }
    var header = RunLogHeader(
      experiment: try root.requiredString("experiment"), kind: try root.requiredString("kind"),
      spec: try root.requiredString("spec"), specPath: try string("spec_path"), specHash: try string("spec_hash"),
      specResolved: try string("spec_resolved"), overrides: try string("overrides"), command: try string("command"),
      provenance: Provenance(
        gitCommit: try string("git_commit"), gitDirty: try int("git_dirty"),
        glyphlabVersion: try string("glyphlab_version"), blasCore: try string("blas_core"),
        blasThreads: try int("blas_threads"), host: try string("host")),
      startedAt: try string("started_at"), finishedAt: try string("finished_at"), target: target ?? .nan,
      plannedRuns: try runList(RunLogLayout.plannedRuns, in: file, path: path),
      experimentRuns: try runList(RunLogLayout.experimentRuns, in: file, path: path),
      keyMetrics: try root.strings("key_metrics"), shard: try string("shard"), sessions: try string("sessions"))
    header.version = version
    header.inputs = try InputFingerprint.decode(try string("inputs"), path: path)
    header.recorded = Set(try RunLogReader.hdf5(path) { try file.attributeNames() })
    header.costsSource = try string("costs_source")
    return header
  }

  /// Writes a list of run ids as a root dataset (1-D, variable-length UTF-8 strings),
  /// replacing an older dataset or (format 1.0) attribute of that name. A dataset has no size
  /// cap; an attribute is capped at 64 KiB, about 4,000 ids.
  static func writeRunList(_ name: String, _ ids: [String], to file: HDF5File) throws {
    try file.removeAttribute(name)
    try file.remove(name)
    try file.createStringDataset(name, values: ids)
  }

  /// The run-id list `name` (``RunLogLayout/plannedRuns`` or ``RunLogLayout/experimentRuns``):
  /// the root dataset, or the root attribute of format 1.0 logs; empty if neither exists.
  public static func runList(_ name: String, in file: HDF5File, path: String = "") throws -> [String] {
    if file.exists(name) {
      do {
        return try file.openDataset(name).readStrings()
      } catch let error as HDF5Error {
        throw RunLogError.unreadable(file: path, detail: "dataset /\(name): \(error)")
      }
    }
    return try AttributeReader(holder: file, file: path, object: "the root group").strings(name)
  }
}
