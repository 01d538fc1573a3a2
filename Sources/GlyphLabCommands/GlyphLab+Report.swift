import ArgumentParser
import Foundation
import GlyphLabFiles
import GlyphLabReports

extension GlyphLab {
  /// `glyphlab report LOG [LOG2] [--out PATH]`: a Markdown report (with SVG charts beside it)
  /// regenerated from a run log alone, or a run-by-run comparison of two logs.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a Markdown report with SVG charts from a run log, or compare two run logs.",
      discussion: """
        With one log: the verdict against the target, results tables, budget curves, ablation \
        effects, throughput and provenance. With two logs A and B: a run-by-run comparison, B − A. \
        The same log always gives byte-identical files. Charts are written next to the report. \
        Existing files are replaced only with --overwrite.
        """)

    @Argument(help: "The run log (.h5); give a second log to compare the two (differences are second − first).")
    var logs: [String]

    @Option(
      name: [.customLong("out"), .customShort("o")],
      help: "Where to write the report (default: beside the log, LOG.md; or beside A, A-vs-B.md).")
    var out: String?

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    func validate() throws {
      guard (1...2).contains(logs.count) else {
        throw ValidationError("give one run log, or two to compare; got \(logs.count)")
      }
      if let out, out.hasSuffix("/") || out.isEmpty {
        throw ValidationError("--out must name a file (for example Reports/name.md), got \"\(out)\"")
      }
    }

    /// The report's default path: beside the (first) log, named after the log file(s).
    static func defaultPath(logs: [String]) -> String {
      let stems = logs.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
      let name = RenderedReport.safeFileName(stems.joined(separator: "-vs-"))
      let directory = (logs[0] as NSString).deletingLastPathComponent
      return directory.isEmpty ? "\(name).md" : "\(directory)/\(name).md"
    }

    /// The kind of a report file, from its name.
    static func kind(of name: String) -> OutputKind {
      switch (name as NSString).pathExtension.lowercased() {
      case "svg": return .svg
      case "png": return .png
      case "csv": return .text("CSV")
      case "json", "jsonl": return .text("JSON")
      default: return .text("Markdown")
      }
    }

    func run() throws {
      blas.apply()
      let path = out ?? Self.defaultPath(logs: logs)
      let url = URL(fileURLWithPath: path)
      let markdown = OutputTarget(path, kind: .text("Markdown"), role: "report")
      // Nothing is read before the report itself is known not to be an input or a file of
      // another kind.
      try replacing.check(OutputPlan(inputs: logs, outputs: [markdown]))
      let snapshots = try logs.map { try RunLogSnapshot(path: $0) }
      let stem = RenderedReport.stem(of: url)
      let rendered =
        snapshots.count == 2
        ? ReportComparison(baseline: snapshots[0], candidate: snapshots[1]).render(fileStem: stem)
        : MarkdownReport(snapshot: snapshots[0]).render(fileStem: stem)
      let directory = url.deletingLastPathComponent()
      let charts = rendered.charts.map { chart in
        OutputTarget(directory.appendingPathComponent(chart.name).path, kind: Self.kind(of: chart.name), role: "chart")
      }
      try replacing.check(OutputPlan(inputs: logs, outputs: [markdown] + charts))
      for written in try rendered.write(to: url) { print(written.path) }
    }
  }
}
