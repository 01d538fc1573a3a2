import Foundation
import GlyphLabFiles
import GlyphLabHDF5
import GlyphLabRunLog

/// The run log of a session with a person in the loop (`glyphlab annotate`): the same file,
/// header, run group, curves, scalars and predictions as a simulated `pipeline` run, with the
/// header's kind `annotation`, and committed the same durable way (``RunLogWriter``) after
/// every round, so a `kill -9` loses at most the round in progress.
///
/// The session is one run: the spec's single seed and parameters, planned with kind
/// `annotation` (so its id differs from the simulated run's). The caller adds what only a
/// person's session has (the timed actions) inside the run group through the `extra` closure
/// of ``commit(_:status:error:extra:)``. The log is locked (``RunLogLock``) until ``close()``.
public final class AnnotationRunLog {
  /// The header's experiment kind.
  public static let kind = "annotation"
  /// The log.
  public let path: String
  /// The session's run.
  public let run: PlannedRun
  /// The spec.
  public let spec: ExperimentSpec
  /// Whether the log existed and is being continued (`--resume`).
  public let resumed: Bool
  /// When the run started (the first session's start, when resumed).
  public let startedAt: String

  private let writer: RunLogWriter
  private var lock: RunLogLock?
  private let earlierSessions: [SessionRecord]
  private var session: SessionRecord

  /// Opens the log of `spec` at `path` (default: the spec's log with `.annotation` before
  /// `.h5`): continues it with `resume`, else creates it under `policy` (an existing log
  /// needs `--overwrite`). Throws when the spec has more than one run, is not a `pipeline`
  /// spec, or the existing log holds another experiment or kind.
  public init(
    spec: ExperimentSpec, path: String?, resume: Bool, policy: OutputPolicy, command: String
  ) throws {
    guard spec.kindName == PipelineExperimentKind.name else {
      throw RunLogError(
        path: spec.path, "is a `\(spec.kindName)` spec; annotation runs a `pipeline` spec with a person in the loop")
    }
    guard spec.runs.count == 1, let planned = spec.runs.first else {
      throw RunLogError(
        path: spec.path,
        "plans \(spec.runs.count) runs (seeds × sweep × ablation); a person annotates one run: give one seed "
          + "and no sweep or ablation")
    }
    self.spec = spec
    let base = spec.logPath.hasSuffix(".h5") ? String(spec.logPath.dropLast(3)) : spec.logPath
    let logPath = path ?? "\(base).annotation.h5"
    self.path = logPath
    let run = PlannedRun(
      kind: Self.kind, index: 0, parameters: planned.parameters, seed: planned.seed, sweep: [], ablation: "")
    self.run = run
    let target = OutputTarget(
      logPath, kind: .hdf5(format: RunLogLayout.format), role: "annotation log", existing: resume ? .update : .replace,
      alternative: "--resume to continue the session")
    let plan = OutputPlan(inputs: [spec.path] + spec.inputFiles, outputs: [target])
    try plan.check(policy)
    let directory = URL(fileURLWithPath: RealPath.resolve(logPath)).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    lock = try RunLogLock(logPath: logPath)
    try plan.check(policy)  // again under the lock
    writer = RunLogWriter(path: logPath)
    let provenance = Provenance.collect(blasThreads: 0)
    let now = Provenance.now()
    if resume, FileManager.default.fileExists(atPath: logPath) {
      let existing = try RunLogReader(path: logPath)
      guard existing.header.kind == Self.kind else {
        throw RunLogError(path: logPath, "is a `\(existing.header.kind)` log, not an annotation session's")
      }
      guard existing.header.specHash == spec.specHash else {
        throw RunLogError(
          path: logPath,
          "was made from a different spec (hash \(existing.header.specHash.prefix(16))…, this one "
            + "\(spec.specHash.prefix(16))…); its actions would not replay: start a new log (--out or --overwrite)")
      }
      if let change = try InputFingerprint.firstChange(
        recorded: existing.header.inputs, current: spec.fingerprintInputs(), log: logPath)
      {
        throw RunLogError(
          path: change.path,
          "changed since the session started (\(change.detail)); its actions would not replay on other data")
      }
      let entry = try existing.entries().first { $0.id == run.id }
      startedAt = entry?.startedAt ?? now
      earlierSessions = SessionRecord.decode(existing.header.sessions)
      resumed = true
    } else {
      guard !resume else {
        throw RunLogError(path: logPath, "does not exist: there is no session to resume (leave out --resume)")
      }
      startedAt = now
      earlierSessions = []
      resumed = false
    }
    session = SessionRecord(
      action: resumed ? "resume" : "annotate", command: command, provenance: provenance, jobs: 1, startedAt: now,
      finishedAt: "", runs: 0)
    if !resumed {
      var header = RunLogHeader(
        experiment: spec.experiment, kind: Self.kind, spec: spec.text, specPath: spec.path, specHash: spec.specHash,
        specResolved: spec.resolvedJSON, overrides: spec.overrides.joined(separator: "\n"), command: command,
        provenance: provenance, startedAt: now, finishedAt: "", target: spec.target, plannedRuns: [run.id],
        experimentRuns: [run.id], keyMetrics: PipelineExperimentKind.keyMetrics, shard: "",
        sessions: SessionRecord.encode([session]))
      header.inputs = try spec.fingerprintInputs()
      header.costsSource = spec.costsSource
      try writer.create(header: header)
    }
  }

  /// The HDF5 path of the session's run group.
  public var runGroupPath: String { RunLogLayout.runGroup(run.id) }

  /// Replaces the log with one holding `recording` as the run's state with `status`
  /// (``RunStatus/running`` while the session goes on, ``RunStatus/interrupted`` when it
  /// stops early, ``RunStatus/complete`` at the end), and what `extra` writes into the run's
  /// group. Atomic and durable, like every commit of a run log.
  public func commit(
    _ recording: RunRecording, status: RunStatus, error: String = "", extra: (HDF5Group) throws -> Void
  ) throws {
    let now = Provenance.now()
    let final = status != .running
    if final { session.finishedAt = now }
    session.runs = status == .complete ? 1 : 0
    let sessions = earlierSessions + [session]
    let outcome = RunOutcome(
      run: run.logged, status: status, error: error, recording: recording, startedAt: startedAt,
      finishedAt: final ? now : "")
    try writer.commit([outcome], running: []) { file in
      try file.setAttribute("sessions", SessionRecord.encode(sessions))
      try file.setAttribute("finished_at", status == .complete ? now : "")
      try extra(try file.openGroup(runGroupPath))
    }
  }

  /// Releases the log's lock.
  public func close() {
    lock?.release()
    lock = nil
  }

  deinit { close() }
}
