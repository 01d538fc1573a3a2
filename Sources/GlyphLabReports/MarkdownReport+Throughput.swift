import Foundation

extension MarkdownReport {
  func throughputSection() -> String {
    var text = "## Throughput and time\n\n"
    let phases = summary.throughputMetrics
    let hasWall = summary.metrics.contains { $0.key == "wall_seconds" }
    if !summary.configurations.isEmpty && (!phases.isEmpty || hasWall) {
      text += "Glyphs per second in each phase and wall time per run, as measured on the host below; means over "
      text += "the complete seeds.\n\n"
      var header = ["configuration", "seeds"]
      header += phases.map { Markdown.code($0.title) + " (glyphs/s)" }
      if hasWall { header.append("wall time per run (s)") }
      let rows = summary.configurations.map { configuration -> [String] in
        var row = [Markdown.code(configuration.key.label), "\(configuration.runs.count)"]
        for metric in phases + (hasWall ? [ReportMetric.named("wall_seconds")] : []) {
          let finite = configuration.runs.compactMap { run -> Double? in
            metric.isThroughput
              ? run.throughput(metric.key) : run.scalars[metric.key].flatMap { $0.isFinite ? $0 : nil }
          }
          guard !finite.isEmpty, finite.count == configuration.runs.count else {
            row.append(finite.isEmpty && metric.isThroughput ? "— (no work)" : "—")
            continue
          }
          row.append(ReportFormat.value(finite.reduce(0, +) / Double(finite.count), metric.unit, cost: cost))
        }
        return row
      }
      text += Markdown.table(header: header, rows: rows) + "\n"
    } else {
      text += "The log records no throughput.\n\n"
    }
    text += "- **Total time:** \(totalTime())\n"
    let walls = snapshot.runs.compactMap { $0.scalars["wall_seconds"] }.filter(\.isFinite)
    if !walls.isEmpty {
      text += "- **Sum of the runs' wall times:** \(ReportFormat.duration(walls.reduce(0, +))) over \(walls.count) "
      text += "run\(walls.count == 1 ? "" : "s") (failed runs included when they recorded one)\n"
    }
    return text
  }

  /// `finished_at − started_at`, or what is missing.
  func totalTime() -> String {
    guard let started = snapshot.startedAt else { return "not recorded (no `started_at`)" }
    guard let finished = snapshot.finishedAt else {
      return "not recorded (started \(Markdown.text(started)); no `finished_at`, the run may not have finished)"
    }
    guard let start = Self.parseDate(started), let end = Self.parseDate(finished), end >= start else {
      return "from \(Markdown.text(started)) to \(Markdown.text(finished)) (not readable as ISO 8601 times)"
    }
    let seconds = end.timeIntervalSince(start)
    return "\(ReportFormat.duration(seconds)), from \(Markdown.text(started)) to \(Markdown.text(finished))"
  }

  /// An ISO 8601 time, with or without fractional seconds.
  static func parseDate(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
  }

  func incompleteRunsSection() -> String {
    var text = "## Runs left out\n\n"
    text += "These runs are not complete and are left out of every statistic above.\n\n"
    let rows = summary.incompleteRuns.map { run in
      [
        Markdown.code(run.id), Markdown.code(run.configurationKey.label), "\(run.seed)", run.status.rawValue,
        run.error.map(Markdown.text) ?? "",
      ]
    }
    text += Markdown.table(header: ["run", "configuration", "seed", "status", "error"], rows: rows, leftColumns: 5)
    return text
  }
}
