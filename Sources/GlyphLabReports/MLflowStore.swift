import Foundation
import GlyphLabRunLog

/// Writes run logs as an MLflow file store (the `mlruns` layout MLflow's `FileStore` reads,
/// so `mlflow ui --backend-store-uri DIR` and `MlflowClient(tracking_uri=DIR)` see them):
/// one experiment per log, named after the log's experiment (with the log's file name when
/// two logs share one), and one MLflow run per run.
///
/// Per run: every resolved parameter as a param (dotted key; arrays and objects as JSON); every
/// numeric summary attribute as a metric at step 0; every curve series as the metric
/// `curve.<name>` with one value per round (step = round); tags `mlflow.runName` (the
/// configuration and seed), `mlflow.source.git.commit` and `glyphlab.git_commit`,
/// `glyphlab.git_dirty` (`true`, `false`, `unknown`), `glyphlab.run_id`, `glyphlab.status`,
/// `glyphlab.ablation`, `glyphlab.spec_hash` and every text attribute as `glyphlab.<name>`.
/// Status maps complete → FINISHED, failed → FAILED, running → RUNNING, interrupted →
/// KILLED. Times come from the run's `started_at`/`finished_at`.
public enum MLflowStore {
  /// MLflow's run status codes (`RunStatus` in MLflow's protos).
  static func status(_ status: RunStatus) -> Int {
    switch status {
    case .complete: return 3
    case .failed: return 4
    case .running: return 1
    case .interrupted: return 5
    }
  }

  /// Writes `snapshots` into a new store at `directory`: built in a temporary folder beside
  /// it and renamed into place, so a failure leaves nothing behind. The folder must not exist.
  ///
  /// - Returns: the experiment ids written, in order ("1", "2", ...; "0" is MLflow's empty
  ///   Default experiment).
  /// - Throws: when `directory` exists, or a file cannot be written.
  @discardableResult
  public static func write(_ snapshots: [RunLogSnapshot], to directory: URL) throws -> [String] {
    let manager = FileManager.default
    guard !manager.fileExists(atPath: directory.path) else {
      throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: directory.path])
    }
    let parent = directory.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let staging = parent.appendingPathComponent(
      ".\(directory.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    do {
      let ids = try write(snapshots, into: staging, finalRoot: directory.standardizedFileURL)
      try manager.moveItem(at: staging, to: directory)
      return ids
    } catch {
      try? manager.removeItem(at: staging)
      throw error
    }
  }

  static func write(_ snapshots: [RunLogSnapshot], into root: URL, finalRoot: URL) throws -> [String] {
    let manager = FileManager.default
    try manager.createDirectory(at: root, withIntermediateDirectories: true)
    let earliest = snapshots.compactMap { $0.startedAt.flatMap(milliseconds) }.min() ?? 0
    try experiment(id: "0", name: "Default", root: root, finalRoot: finalRoot, time: earliest)
    var ids: [String] = []
    let names = snapshots.map(\.experiment)
    for (offset, snapshot) in snapshots.enumerated() {
      let id = String(offset + 1)
      let time = snapshot.startedAt.flatMap(milliseconds) ?? earliest
      // MLflow experiment names are unique: logs of the same experiment add their file name.
      var name = snapshot.experiment
      if names.count(where: { $0 == name }) > 1 {
        name += " (\(URL(fileURLWithPath: snapshot.path).lastPathComponent))"
      }
      if name == "Default" { name = "Default (glyphlab)" }
      try experiment(id: id, name: name, root: root, finalRoot: finalRoot, time: time)
      for run in snapshot.runs {
        try write(run, of: snapshot, experiment: id, root: root, finalRoot: finalRoot)
      }
      ids.append(id)
    }
    return ids
  }

  static func experiment(id: String, name: String, root: URL, finalRoot: URL, time: Int64) throws {
    let folder = root.appendingPathComponent(id)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let meta = """
      artifact_location: \(yamlString(finalRoot.appendingPathComponent(id).absoluteString))
      creation_time: \(time)
      experiment_id: '\(id)'
      last_update_time: \(time)
      lifecycle_stage: active
      name: \(yamlString(name))

      """
    try AtomicFile.write(meta, to: folder.appendingPathComponent("meta.yaml"))
  }

  static func write(
    _ run: RunRecord, of snapshot: RunLogSnapshot, experiment: String, root: URL, finalRoot: URL
  )
    throws
  {
    let folder = root.appendingPathComponent(experiment).appendingPathComponent(run.id)
    let start = run.texts["started_at"].flatMap(milliseconds) ?? snapshot.startedAt.flatMap(milliseconds) ?? 0
    let end = run.texts["finished_at"].flatMap(milliseconds)
    let runName = "\(run.configurationKey.label) seed \(run.seed)"
    let artifacts = finalRoot.appendingPathComponent(experiment).appendingPathComponent(run.id)
      .appendingPathComponent("artifacts")
    let meta = """
      artifact_uri: \(yamlString(artifacts.absoluteString))
      end_time: \(end.map(String.init) ?? "null")
      entry_point_name: ''
      experiment_id: '\(experiment)'
      lifecycle_stage: active
      run_id: \(run.id)
      run_name: \(yamlString(runName))
      run_uuid: \(run.id)
      source_name: ''
      source_type: 4
      source_version: ''
      start_time: \(start)
      status: \(status(run.status))
      tags: []
      user_id: glyphlab

      """
    for sub in ["params", "metrics", "tags", "artifacts"] {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    try AtomicFile.write(meta, to: folder.appendingPathComponent("meta.yaml"))
    for member in run.parameters {
      let value: String
      if case .string(let text) = member.value { value = text } else { value = member.value.json }
      try file(folder, "params", member.key, value)
    }
    for (name, value) in run.scalars.sorted(by: { $0.key < $1.key }) {
      try file(folder, "metrics", name, "\(start) \(metricValue(value)) 0\n")
    }
    let steps = run.curves["round"]
    for (name, values) in run.curves.sorted(by: { $0.key < $1.key }) where name != "round" {
      let lines = values.enumerated().map { index, value in
        let step = steps.flatMap { index < $0.count ? Int64($0[index]) : nil } ?? Int64(index)
        return "\(start) \(metricValue(value)) \(step)\n"
      }
      try file(folder, "metrics", "curve.\(name)", lines.joined())
    }
    var tags: [String: String] = [
      "mlflow.runName": runName, "glyphlab.run_id": run.id, "glyphlab.status": run.status.rawValue,
      "glyphlab.ablation": run.ablation, "glyphlab.seed": String(run.seed),
      "glyphlab.git_dirty": snapshot.gitDirty.map { $0 ? "true" : "false" } ?? "unknown",
      "glyphlab.experiment": snapshot.experiment, "glyphlab.kind": snapshot.kind,
    ]
    if let commit = snapshot.gitCommit {
      tags["mlflow.source.git.commit"] = commit
      tags["glyphlab.git_commit"] = commit
    }
    if let hash = snapshot.specHash { tags["glyphlab.spec_hash"] = hash }
    if let error = run.error { tags["glyphlab.error"] = error }
    for (name, value) in run.texts { tags["glyphlab.\(name)"] = value }
    for (name, value) in tags { try file(folder, "tags", name, value) }
  }

  /// Writes `contents` to `folder/kind/name`; a "/" in `name` makes subfolders, as MLflow does.
  static func file(_ folder: URL, _ kind: String, _ name: String, _ contents: String) throws {
    let url = folder.appendingPathComponent(kind).appendingPathComponent(name)
    try AtomicFile.write(contents, to: url)
  }

  /// A metric value as MLflow's file store writes it (`nan`, `inf`, `-inf` for the others).
  static func metricValue(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return "\(value)"
  }

  /// A YAML scalar in single quotes (`'` doubled).
  static func yamlString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  /// Milliseconds since 1970 of an ISO 8601 time, or nil.
  static func milliseconds(_ text: String) -> Int64? {
    MarkdownReport.parseDate(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
  }
}
