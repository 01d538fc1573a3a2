import ArgumentParser
import GlyphLabReports
import GlyphLabRunLog
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab runs LOG [--format table|json|jsonl|csv]`: lists a run log's runs.
  struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the runs of a run log with their status and key metrics.",
      discussion: """
        --format table (the default) prints the key metrics for reading; json, jsonl and csv print \
        one flat row per run: run_id, status, seed, ablation, error, every summary attribute, and \
        params.<dotted.key> for every parameter.
        """)

    @Argument(help: "The run log (.h5).")
    var log: String

    @Option(help: "table, json, jsonl or csv.")
    var format: ExportFormat = .table

    @Flag(help: "Print the log as one JSON document (header and runs, metrics nested).")
    var json = false

    @OptionGroup var blas: BLASOptions

    func run() throws {
      blas.apply()
      if json {
        print(try RunListing.json(try RunLogReader(path: log)))
        return
      }
      switch format {
      case .table: print(try RunListing.table(try RunLogReader(path: log)))
      default: print(format.render(ExportTable.runs(try RunLogSnapshot(path: log))), terminator: "")
      }
    }
  }
}
