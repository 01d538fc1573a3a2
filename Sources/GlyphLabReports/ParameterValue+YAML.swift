extension ParameterValue {
  /// The value as block-style YAML, keys in their stored order, two spaces per level; strings
  /// are double-quoted (JSON escapes are valid YAML) whenever a plain scalar could be read as
  /// something else.
  ///
  /// - Complexity: O(size of the value).
  public var yaml: String {
    var out = ""
    Self.emit(self, indent: 0, into: &out, inline: false)
    return out
  }

  private static func emit(_ value: ParameterValue, indent: Int, into out: inout String, inline: Bool) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .object(let members) where !members.isEmpty:
      if inline { out += "\n" }
      for member in members {
        out += pad + scalarText(.string(member.key)) + ":"
        emitChild(member.value, indent: indent, into: &out)
      }
    case .array(let values) where !values.isEmpty && values.allSatisfy(\.isScalar):
      out += (inline ? " " : pad) + "[" + values.map(scalarText).joined(separator: ", ") + "]\n"
    case .array(let values) where !values.isEmpty:
      if inline { out += "\n" }
      for item in values {
        if item.isScalar {
          out += pad + "- " + scalarText(item) + "\n"
          continue
        }
        // A nested block starts on the dash's line: "- key: value" or "- - item".
        var nested = ""
        emit(item, indent: indent + 2, into: &nested, inline: false)
        out += pad + "- " + nested.dropFirst(indent + 2)
      }
    default:
      out += (inline ? " " : pad) + scalarText(value) + "\n"
    }
  }

  private static func emitChild(_ value: ParameterValue, indent: Int, into out: inout String) {
    emit(value, indent: indent + 2, into: &out, inline: true)
  }

  var isScalar: Bool {
    switch self {
    case .array(let values): return values.isEmpty
    case .object(let members): return members.isEmpty
    default: return true
    }
  }

  private static func scalarText(_ value: ParameterValue) -> String {
    switch value {
    case .string(let text):
      let plain =
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "._-/".contains($0) }
        && !(text.first?.isNumber ?? false) && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(
          text.lowercased()) && text.first != "-"
      return plain ? text : value.json
    case .array: return "[]"
    case .object: return "{}"
    default: return value.json
    }
  }
}
