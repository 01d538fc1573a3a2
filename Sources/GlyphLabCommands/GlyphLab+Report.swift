import ArgumentParser
import Foundation
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
        The same log always gives byte-identical files. Charts are written next to the report.
        """)

    @Argument(help: "The run log (.h5); give a second log to compare the two (differences are second − first).")
    var logs: [String]

    @Option(help: "Where to write the report (default: Reports/<experiment>.md, or Reports/<A>-vs-<B>.md).")
    var out: String?

    func validate() throws {
      guard (1...2).contains(logs.count) else {
        throw ValidationError("give one run log, or two to compare; got \(logs.count)")
      }
      if let out, out.hasSuffix("/") || out.isEmpty {
        throw ValidationError("--out must name a file (for example Reports/name.md), got \"\(out)\"")
      }
    }

    func run() throws {
      let snapshots = try logs.map { try RunLogSnapshot(path: $0) }
      let defaultName: String
      if snapshots.count == 2 {
        defaultName = "\(snapshots[0].experiment)-vs-\(snapshots[1].experiment)"
      } else {
        defaultName = snapshots[0].experiment
      }
      let url = URL(fileURLWithPath: out ?? "Reports/\(RenderedReport.safeFileName(defaultName)).md")
      let stem = RenderedReport.stem(of: url)
      let rendered =
        snapshots.count == 2
        ? ReportComparison(baseline: snapshots[0], candidate: snapshots[1]).render(fileStem: stem)
        : MarkdownReport(snapshot: snapshots[0]).render(fileStem: stem)
      for written in try rendered.write(to: url) { print(written.path) }
    }
  }
}
