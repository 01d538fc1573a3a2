/// Markdown building blocks with the escaping GitHub-flavoured Markdown needs.
enum Markdown {
  /// `text` as an inline code span, fenced with enough backticks (``table(header:rows:)``
  /// escapes any "|" in it); "—" for empty text, which has no code span.
  static func code(_ text: String) -> String {
    guard !text.isEmpty else { return "—" }
    let flat = text.replacingOccurrences(of: "\n", with: " ")
    var longest = 0
    var run = 0
    for character in flat {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let padded = flat.hasPrefix("`") || flat.hasSuffix("`") ? " \(flat) " : flat
    return fence + padded + fence
  }

  /// Plain text for a table cell or paragraph: newlines become spaces, and the characters
  /// Markdown would interpret are escaped.
  static func text(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\n", "\r": out += " "
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#": out += "\\\(character)"
      default: out.append(character)
      }
    }
    return out
  }

  /// Escapes "|" so text stays in its table cell.
  static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

  /// A table: a header row, an alignment row (the first `leftColumns` columns left, the rest
  /// right) and rows; "|" in any cell is escaped.
  static func table(header: [String], rows: [[String]], leftColumns: Int = 1) -> String {
    func line(_ cells: [String]) -> String { "| " + cells.map(cell).joined(separator: " | ") + " |" }
    var lines = [line(header)]
    lines.append("| " + header.indices.map { $0 < leftColumns ? "---" : "---:" }.joined(separator: " | ") + " |")
    for row in rows { lines.append(line(row)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A fenced code block with a fence longer than any backtick run in `text`.
  static func codeBlock(_ text: String, language: String = "") -> String {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    let body = text.hasSuffix("\n") ? text : text + "\n"
    return fence + language + "\n" + body + fence + "\n"
  }

  /// A relative file name as a link target: spaces, parentheses and "%" percent-encoded.
  static func link(_ name: String) -> String {
    var out = ""
    for character in name {
      switch character {
      case " ": out += "%20"
      case "(": out += "%28"
      case ")": out += "%29"
      case "%": out += "%25"
      default: out.append(character)
      }
    }
    return out
  }
}
