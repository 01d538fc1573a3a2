import Foundation
import GlyphLabRunLog

/// A JSON value from a run log's JSON attributes (a run's `params` and `sweep`, the root
/// `spec_resolved`) as a report reads it, kept with its JSON kind so swept values sort
/// naturally (numbers by value, then text) and print as they were written. (The typed value a
/// run's parameter has when it is written is ``GlyphLabRunLog/ParameterValue``.)
public indirect enum JSONValue: Sendable, Hashable {
  /// JSON `null`.
  case null
  /// JSON `true` or `false`.
  case bool(Bool)
  /// A JSON number without a fraction or exponent that fits in 64 bits.
  case integer(Int64)
  /// Any other JSON number.
  case number(Double)
  /// A JSON string.
  case string(String)
  /// A JSON array.
  case array([JSONValue])
  /// A JSON object, its members sorted by key.
  case object([JSONMember])

  /// The value as a report shows it: strings bare, everything else as compact JSON with
  /// object keys sorted.
  public var text: String {
    switch self {
    case .string(let value): return value
    default: return json
    }
  }

  /// Compact JSON with object keys sorted, so equal values always have equal text.
  public var json: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .integer(let value): return String(value)
    case .number(let value): return value.isFinite ? "\(value)" : "null"
    case .string(let value): return CanonicalJSON.string(value)
    case .array(let values): return "[" + values.map(\.json).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { CanonicalJSON.string($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
    }
  }

  /// The numeric value of an integer or number, otherwise nil.
  public var numericValue: Double? {
    switch self {
    case .integer(let value): return Double(value)
    case .number(let value): return value
    default: return nil
    }
  }

  /// Parses a JSON object's text into its members, sorted by key.
  ///
  /// - Throws: `DecodingError` (or a JSON syntax error) when `text` is not a JSON object.
  public static func parseObject(_ text: String) throws -> [JSONMember] {
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    guard case .object(let members) = value else {
      throw DecodingError.typeMismatch(
        [String: JSONValue].self,
        DecodingError.Context(codingPath: [], debugDescription: "the top level is not an object"))
    }
    return members
  }
}

extension JSONValue: Decodable {
  /// Decodes any JSON value; integers that fit in `Int64` stay integers.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let values = try? container.decode([JSONValue].self) {
      self = .array(values)
    } else {
      let members = try container.decode([String: JSONValue].self)
      self = .object(members.map { JSONMember(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key })
    }
  }
}

extension JSONValue: Comparable {
  /// Orders null, booleans, numbers (by value), strings, arrays and objects, in that order;
  /// values of one kind compare naturally, and equal numbers fall back to their JSON text.
  /// Strings compare their runs of digits as numbers (`manual/2` before `manual/10`).
  public static func < (lhs: JSONValue, rhs: JSONValue) -> Bool {
    if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
    switch (lhs, rhs) {
    case (.bool(let a), .bool(let b)): return !a && b
    case (.string(let a), .string(let b)): return naturallyBefore(a, b)
    default:
      if let a = lhs.numericValue, let b = rhs.numericValue, a != b { return a < b }
      return lhs.json < rhs.json
    }
  }

  /// `a` before `b` with runs of digits (and a decimal fraction after them) compared by
  /// value, the rest character by character; ties in value fall back to the plain text.
  static func naturallyBefore(_ a: String, _ b: String) -> Bool {
    var i = a.unicodeScalars[...]
    var j = b.unicodeScalars[...]
    while let x = i.first, let y = j.first {
      if let m = leadingNumber(&i), let n = leadingNumber(&j) {
        if m != n { return m < n }
        continue
      }
      if x != y { return x < y }
      i = i.dropFirst()
      j = j.dropFirst()
    }
    if i.isEmpty != j.isEmpty { return i.isEmpty }
    return a < b
  }

  /// Removes and returns the number (digits, optionally `.` and digits) at the start of
  /// `text`, or nil (text unchanged) when it does not start with a digit.
  private static func leadingNumber(_ text: inout Substring.UnicodeScalarView) -> Double? {
    guard let first = text.first, ("0"..."9").contains(first) else { return nil }
    var digits = text.prefix { ("0"..."9").contains($0) }
    var rest = text.dropFirst(digits.count)
    if rest.first == ".", let next = rest.dropFirst().first, ("0"..."9").contains(next) {
      let fraction = rest.dropFirst().prefix { ("0"..."9").contains($0) }
      digits = text.prefix(digits.count + 1 + fraction.count)
      rest = text.dropFirst(digits.count)
    }
    var number = ""
    number.unicodeScalars.append(contentsOf: digits)
    guard let value = Double(number) else { return nil }
    text = rest
    return value
  }

  private var rank: Int {
    switch self {
    case .null: return 0
    case .bool: return 1
    case .integer, .number: return 2
    case .string: return 3
    case .array: return 4
    case .object: return 5
    }
  }
}
