import Foundation
import GlyphLabRunLog

/// What `glyphlab runs LOG` prints: one line per run with its status, seed, what varies and
/// the key metrics, as an aligned table or as JSON.
public enum RunListing {
  /// The runs of `reader` as a table: id, status, seed, sweep values, ablation, then the
  /// log's key metrics (or every metric without any), then the error of failed runs.
  public static func table(_ reader: RunLogReader) throws -> String {
    let header = reader.header
    let entries = try reader.entries()
    let metrics =
      header.keyMetrics.isEmpty
      ? Array(Set(entries.flatMap { Array($0.scalars.keys) + Array($0.integers.keys) })).sorted()
      : header.keyMetrics
    let showsAblation = entries.contains { !$0.ablation.isEmpty }
    var rows: [[String]] = [
      ["run", "status", "seed", "sweep"] + (showsAblation ? ["ablation"] : []) + metrics + ["seconds"]
    ]
    for entry in entries {
      var row = [entry.id, entry.status.rawValue, String(entry.seed), compactSweep(entry.sweep)]
      if showsAblation { row.append(entry.ablation) }
      row += metrics.map { name in entry.metric(name).map(format) ?? entry.strings[name] ?? "-" }
      row.append(entry.scalars[RunLogLayout.wallSeconds].map { String(format: "%.2f", $0) } ?? "-")
      rows.append(row)
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var lines = rows.map { row in
      row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        .trimmingCharacters(in: .whitespaces)
    }
    let counts = RunStatus.allCases.map { status in "\(entries.count { $0.status == status }) \(status.rawValue)" }
    let missing = Set(header.plannedRuns).subtracting(entries.map(\.id)).count
    lines.insert(
      "\(header.experiment) (\(header.kind)): \(entries.count) run(s) of \(header.plannedRuns.count) planned — "
        + counts.joined(separator: ", ") + (missing > 0 ? ", \(missing) not started" : "")
        + (header.finishedAt.isEmpty ? "" : "; finished \(header.finishedAt)"), at: 0)
    for entry in entries where entry.status == .failed {
      lines.append("\(entry.id) failed: \(entry.error)")
    }
    return lines.joined(separator: "\n")
  }

  /// The log as JSON: the experiment, spec hash and timing, and every run with all its
  /// attributes (`params` and `sweep` as objects). NaN becomes `null`.
  public static func json(_ reader: RunLogReader) throws -> String {
    let header = reader.header
    var runs: [String] = []
    for entry in try reader.entries() {
      var members: [String: String] = [
        "id": CanonicalJSON.string(entry.id), "status": CanonicalJSON.string(entry.status.rawValue),
        "seed": String(entry.seed), "index": String(entry.index), "ablation": CanonicalJSON.string(entry.ablation),
        "params": entry.params.isEmpty ? "{}" : entry.params, "sweep": entry.sweep.isEmpty ? "{}" : entry.sweep,
        "started_at": CanonicalJSON.string(entry.startedAt), "finished_at": CanonicalJSON.string(entry.finishedAt),
      ]
      if entry.status == .failed { members["error"] = CanonicalJSON.string(entry.error) }
      var metrics = entry.scalars.mapValues(CanonicalJSON.number)
      for (name, value) in entry.integers { metrics[name] = String(value) }
      for (name, value) in entry.strings { metrics[name] = CanonicalJSON.string(value) }
      members["metrics"] = CanonicalJSON.object(metrics)
      runs.append(CanonicalJSON.object(members))
    }
    return CanonicalJSON.object([
      "experiment": CanonicalJSON.string(header.experiment), "kind": CanonicalJSON.string(header.kind),
      "spec_hash": CanonicalJSON.string(header.specHash), "started_at": CanonicalJSON.string(header.startedAt),
      "finished_at": CanonicalJSON.string(header.finishedAt), "shard": CanonicalJSON.string(header.shard),
      "planned_runs": String(header.plannedRuns.count), "runs": "[" + runs.joined(separator: ",") + "]",
    ])
  }

  /// `{"a.b":1,"c":"x"}` as `a.b=1 c=x`, or "-" when empty.
  static func compactSweep(_ json: String) -> String {
    guard let data = json.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], !object.isEmpty
    else { return "-" }
    return object.keys.sorted().map { "\($0)=\(object[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
  }

  static func format(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.4f", value)
  }
}
