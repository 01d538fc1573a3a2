/// A flat table of typed cells, written as CSV (RFC 4180), JSON (an array of objects) or
/// JSON Lines (one object per line): the export formats of `glyphlab runs` and
/// `glyphlab curves`. Numbers are written in Swift's shortest round-trip form (whole numbers
/// without ".0"); NaN and infinities become an empty CSV field or JSON `null`; JSON never
/// escapes "/".
public struct ExportTable: Sendable, Equatable {
  /// One cell.
  public enum Cell: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
  }

  /// Column names, in order.
  public var columns: [String]
  /// Rows, each with one cell per column.
  public var rows: [[Cell]]

  /// A table.
  public init(columns: [String], rows: [[Cell]]) {
    self.columns = columns
    self.rows = rows
  }

  /// CSV with a header row; text fields are quoted when they hold a comma, quote or newline.
  public func csv() -> String {
    var out = columns.map(SVGChart.csvField).joined(separator: ",") + "\n"
    for row in rows {
      out +=
        row.map { cell -> String in
          switch cell {
          case .null: return ""
          case .bool(let value): return value ? "true" : "false"
          case .number(let value): return Self.number(value) ?? ""
          case .text(let value): return SVGChart.csvField(value)
          }
        }.joined(separator: ",") + "\n"
    }
    return out
  }

  /// One JSON object per row, one per line.
  public func jsonl() -> String { rows.map(object).map { $0 + "\n" }.joined() }

  /// A JSON array of the row objects.
  public func json() -> String { "[" + rows.map(object).joined(separator: ",\n") + "]\n" }

  func object(_ row: [Cell]) -> String {
    let members = zip(columns, row).map { name, cell -> String in
      let value: String
      switch cell {
      case .null: value = "null"
      case .bool(let flag): value = flag ? "true" : "false"
      case .number(let number): value = Self.number(number) ?? "null"
      case .text(let text): value = JSONValue.string(text).json
      }
      return JSONValue.string(name).json + ":" + value
    }
    return "{" + members.joined(separator: ",") + "}"
  }

  /// Shortest round-trip text, whole numbers without a fraction; nil when not finite.
  static func number(_ value: Double) -> String? {
    guard value.isFinite else { return nil }
    if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 { return String(Int64(value)) }
    return "\(value)"
  }

  /// A parameter's value as a cell: arrays and objects as their JSON text.
  static func cell(_ value: JSONValue) -> Cell {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .integer(let number): return .number(Double(number))
    case .number(let number): return .number(number)
    case .string(let text): return .text(text)
    case .array, .object: return .text(value.json)
    }
  }
}
