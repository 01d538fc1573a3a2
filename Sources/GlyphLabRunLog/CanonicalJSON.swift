/// The canonical JSON text GlyphLab hashes for run ids and spec hashes: object keys sorted
/// by their UTF-8 bytes, no whitespace, numbers in a fixed form. The same values always give
/// the same text, on every platform.
public enum CanonicalJSON {
  /// A JSON string literal for `text`.
  public static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A finite double in Swift's shortest round-trip form ("0.5", "10.0", "1e-05"); NaN and
  /// infinities, which JSON lacks, as `null`.
  public static func number(_ value: Double) -> String {
    value.isFinite ? String(value) : "null"
  }

  /// An object from already-encoded member values, keys sorted.
  public static func object(_ members: [String: String]) -> String {
    let sorted = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    return "{" + sorted.map { string($0) + ":" + members[$0]! }.joined(separator: ",") + "}"
  }

  /// An object of parameter values, keys sorted.
  public static func object(_ values: [String: ParameterValue]) -> String {
    object(values.mapValues(\.canonicalJSON))
  }
}
