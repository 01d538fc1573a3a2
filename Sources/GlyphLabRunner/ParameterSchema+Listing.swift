import GlyphLabRunLog

extension ParameterSchema {
  /// Every parameter as plain text for `glyphlab run --list-parameters KIND`: one block per
  /// key with its type, default and doc line.
  public func listing() -> String {
    definitions.map { definition in
      let value = definition.defaultValue.map { Self.shown($0) } ?? "required"
      return "\(definition.key)\n  type: \(definition.type)\n  default: \(value)\n  \(definition.doc)"
    }.joined(separator: "\n")
  }

  /// The parameters as the Markdown table docs/experiments.md holds for each kind (a test
  /// checks that the two agree): key, type, default, doc.
  public func markdownTable() -> String {
    var lines = ["| parameter | type | default | meaning |", "| --- | --- | --- | --- |"]
    for definition in definitions {
      let value = definition.defaultValue.map { "`\(Self.shown($0))`" } ?? "required"
      let cells = ["`\(definition.key)`", "\(definition.type)", value, definition.doc]
      lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }

  static func shown(_ value: ParameterValue) -> String {
    if case .string(let text) = value, text.isEmpty { return "\"\"" }
    return value.description
  }
}
