import ArgumentParser
import GlyphLabReports

/// The table formats `runs` and `curves` print.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, jsonl, csv

  /// `table` rendered as this format (not `.table`, which each command prints its own way).
  func render(_ table: ExportTable) -> String {
    switch self {
    case .json: return table.json()
    case .jsonl: return table.jsonl()
    case .csv, .table: return table.csv()
    }
  }
}
