import Foundation
import GlyphLabFiles
import GlyphLabHDF5

/// Combines run logs of one experiment — typically the shard logs of a cluster sweep — into
/// one log, refusing logs made from different specs.
///
/// The first input is the base: its root attributes are kept (with `shard` cleared,
/// `planned_runs` all the experiment's runs (`experiment_runs`), and `sessions` all inputs'
/// sessions plus the merge), and every run group of the other inputs is copied in whole with `H5Ocopy`. When
/// several inputs hold the same run, a complete one wins over a failed one, which wins over
/// a running one; among equals the earlier input wins. The output is written atomically.
public enum RunLogMerger {
  /// Run groups copied per commit of the merged log.
  static let copyBatch = 2_000

  /// What a merge produced.
  public struct Summary: Sendable, Equatable {
    /// The merged log.
    public var output: String
    /// Complete runs in it.
    public var complete: Int
    /// Failed runs in it.
    public var failed: Int
    /// Runs still marked running in it (their shard was interrupted).
    public var running: Int
    /// Planned runs that no input holds.
    public var missing: Int

    /// A summary.
    public init(output: String, complete: Int, failed: Int, running: Int, missing: Int) {
      self.output = output
      self.complete = complete
      self.failed = failed
      self.running = running
      self.missing = missing
    }
  }

  /// Merges `inputs` into `output`; throws ``RunLogError`` if an input is not a run log,
  /// inputs come from different specs, or their input files' fingerprints differ (unless
  /// `allowChangedInputs`), and an ``GlyphLabFiles/OutputError`` (before reading anything)
  /// if `output` is an input (links resolved), exists and `overwrite` is false, or holds
  /// another kind of file and `replaceOtherKind` is false.
  public static func merge(
    inputs: [String], into output: String, overwrite: Bool = false, replaceOtherKind: Bool = false,
    command: String = "", allowChangedInputs: Bool = false
  )
    throws -> Summary
  {
    guard let first = inputs.first else { throw RunLogError(path: output, "nothing to merge: give input logs") }
    try outputPlan(inputs: inputs, output: output).check(
      OutputPolicy(overwrite: overwrite, replaceOtherKind: replaceOtherKind))
    let readers = try inputs.map { try RunLogReader(path: $0) }
    let base = readers[0].header
    for reader in readers.dropFirst() where reader.header.specHash != base.specHash {
      throw RunLogError(
        path: reader.path,
        "was made from a different spec than \(first) (spec hash \(reader.header.specHash.prefix(16))… vs "
          + "\(base.specHash.prefix(16))…); only logs of the same experiment can be merged")
    }
    if !allowChangedInputs {
      for reader in readers.dropFirst() {
        let shared = Set(reader.header.inputs.map(\.path)).intersection(base.inputs.map(\.path))
        let change = try InputFingerprint.firstChange(
          recorded: base.inputs.filter { shared.contains($0.path) },
          current: reader.header.inputs.filter { shared.contains($0.path) }, log: reader.path)
        if let change {
          throw RunLogError(
            path: change.path,
            "differs between the logs \(first) and \(reader.path) (\(change.detail)): their runs were made on "
              + "different data; pass --allow-changed-inputs to merge them anyway")
        }
      }
    }

    // Choose, for every run id, the input holding its best version.
    func rank(_ status: RunStatus) -> Int { status == .complete ? 2 : status == .failed ? 1 : 0 }
    var chosen: [String: (input: Int, status: RunStatus)] = [:]
    var planned: [String] = []
    var seenPlanned: Set<String> = []
    var sessions: [SessionRecord] = []
    for (input, reader) in readers.enumerated() {
      for id in reader.header.plannedRuns where seenPlanned.insert(id).inserted { planned.append(id) }
      sessions += SessionRecord.decode(reader.header.sessions)
      for entry in try reader.statuses() {
        if let current = chosen[entry.id], rank(current.status) >= rank(entry.status) { continue }
        chosen[entry.id] = (input, entry.status)
      }
    }
    for reader in readers { try reader.close() }

    let lock = try RunLogLock(logPath: output)
    defer { lock.release() }
    let writer = RunLogWriter(path: output)
    let mergedAt = Provenance.now()
    if !base.experimentRuns.isEmpty { planned = base.experimentRuns }
    let settled = planned.allSatisfy { chosen[$0].map { $0.status == .complete || $0.status == .failed } ?? false }
    let finishedAt = settled ? (readers.map(\.header.finishedAt).max() ?? mergedAt) : ""
    sessions.append(
      SessionRecord(
        action: "merge", command: command, provenance: Provenance.collect(blasThreads: 0), jobs: 1,
        startedAt: mergedAt, finishedAt: Provenance.now(), runs: chosen.count))
    var header = base
    header.shard = ""
    header.plannedRuns = base.experimentRuns.isEmpty ? planned : base.experimentRuns
    header.startedAt = readers.map(\.header.startedAt).filter { !$0.isEmpty }.min() ?? base.startedAt
    header.finishedAt = finishedAt
    header.sessions = SessionRecord.encode(sessions)
    try writer.create(header: header)
    // Copied in batches, each a commit of its own: HDF5's caches for the files of a batch are
    // freed when they close, so memory stays bounded however many runs there are.
    let order = chosen.sorted(by: { $0.key < $1.key })
    for batch in stride(from: 0, to: order.count, by: Self.copyBatch) {
      try writer.replace(copying: true) { file in
        let sources = try inputs.map { try HDF5File(path: $0, mode: .readOnly) }
        for (id, choice) in order[batch..<min(order.count, batch + Self.copyBatch)] {
          try sources[choice.input].copyObject(RunLogLayout.runGroup(id), to: file, as: RunLogLayout.runGroup(id))
        }
        for source in sources { try source.close() }
      }
    }
    // The datasets the runs share (`/datasets/<key>`), each once.
    try writer.replace(copying: true) { file in
      let sources = try inputs.map { try HDF5File(path: $0, mode: .readOnly) }
      for source in sources where source.exists(RunLogLayout.datasets) {
        let shared = try source.openGroup(RunLogLayout.datasets)
        for key in try shared.childNames() {
          let name = "\(RunLogLayout.datasets)/\(key)"
          let merged =
            file.exists(RunLogLayout.datasets)
            ? try file.openGroup(RunLogLayout.datasets) : try file.createGroup(RunLogLayout.datasets)
          if merged.exists(key) { continue }
          try source.copyObject(name, to: file, as: name)
        }
      }
      for source in sources { try source.close() }
    }
    let statuses = chosen.values.map(\.status)
    return Summary(
      output: output, complete: statuses.count { $0 == .complete }, failed: statuses.count { $0 == .failed },
      running: statuses.count { $0 == .running }, missing: planned.count { chosen[$0] == nil })
  }
}
