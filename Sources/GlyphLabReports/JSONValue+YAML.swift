import Yams

extension JSONValue {
  /// The value as block-style YAML (emitted by Yams), members in their stored order, lists of
  /// scalars on one line; a string that YAML would read as something else (`true`, `1.0`,
  /// `null`, text with spaces or punctuation) is double-quoted.
  ///
  /// - Complexity: O(size of the value).
  public var yaml: String {
    (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)) ?? json + "\n"
  }

  /// The value as a Yams node.
  var node: Node {
    switch self {
    case .null: return Node("null", .implicit, .plain)
    case .bool(let flag): return Node(flag ? "true" : "false", .implicit, .plain)
    case .integer(let number): return Node(String(number), .implicit, .plain)
    case .number: return Node(json, .implicit, .plain)
    case .string(let text): return Node(text, .implicit, Self.isPlain(text) ? .plain : .doubleQuoted)
    case .array(let values):
      let flow = values.allSatisfy(\.isScalar)
      return Node(values.map(\.node), .implicit, flow ? .flow : .block)
    case .object(let members):
      return Node(
        members.map { (Node($0.key, .implicit, Self.isPlain($0.key) ? .plain : .doubleQuoted), $0.value.node) })
    }
  }

  var isScalar: Bool {
    switch self {
    case .array(let values): return values.isEmpty
    case .object(let members): return members.isEmpty
    default: return true
    }
  }

  /// Whether `text` reads back as the same string when written plain.
  static func isPlain(_ text: String) -> Bool {
    guard let first = text.first, !first.isNumber, first != "-", first != "." else { return false }
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
    return text.allSatisfy { $0.isLetter || $0.isNumber || "._-/".contains($0) }
      && !reserved.contains(text.lowercased())
  }
}
