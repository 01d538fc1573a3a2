import ArgumentParser
import GlyphLabReports

extension GlyphLab {
  /// `glyphlab curves LOG [--format csv|jsonl]`: the budget curves as one long table.
  struct Curves: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a run log's per-round curves as one tidy long table.",
      discussion: """
        One row per run and round: run_id, seed, ablation, params.<dotted.key> for the parameters \
        that differ between runs (all of them with --all-parameters), round, and one column per \
        curve series (accuracy, cost, labels, actions_*, ...).
        """)

    /// The formats a long table prints in.
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Argument(help: "The run log (.h5).")
    var log: String

    @Option(help: "csv or jsonl.")
    var format: Format = .csv

    @Flag(help: "Give every parameter a column, not only those that differ between runs.")
    var allParameters = false

    func run() throws {
      let table = ExportTable.curves(try RunLogSnapshot(path: log), allParameters: allParameters)
      print(format == .csv ? table.csv() : table.jsonl(), terminator: "")
    }
  }
}
