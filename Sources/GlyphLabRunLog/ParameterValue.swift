/// One resolved parameter value, typed by its ``ParameterType``.
public enum ParameterValue: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// An integer.
  case int(Int)
  /// A finite number.
  case double(Double)
  /// A boolean.
  case bool(Bool)
  /// A string, or a choice.
  case string(String)
  /// A list of strings.
  case strings([String])

  /// The value as canonical JSON: integers plainly, doubles in Swift's shortest round-trip
  /// form (always with a "." or an exponent), strings escaped, lists as arrays.
  public var canonicalJSON: String {
    switch self {
    case .int(let value): return String(value)
    case .double(let value): return CanonicalJSON.number(value)
    case .bool(let value): return value ? "true" : "false"
    case .string(let value): return CanonicalJSON.string(value)
    case .strings(let values): return "[" + values.map(CanonicalJSON.string).joined(separator: ",") + "]"
    }
  }

  /// The value as a person writes it in a spec or an override.
  public var description: String {
    switch self {
    case .int(let value): return String(value)
    case .double(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .string(let value): return value
    case .strings(let values): return "[" + values.joined(separator: ", ") + "]"
    }
  }
}
