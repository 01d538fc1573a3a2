import GlyphLabConfig
import GlyphLabRunLog

/// The type of one parameter in a ``ParameterSchema``, with its allowed values.
public enum ParameterType: Sendable, Equatable, CustomStringConvertible {
  /// An integer, optionally within a range.
  case int(ClosedRange<Int>?)
  /// A finite number, optionally within a range. Integers are accepted and stored as
  /// doubles.
  case double(ClosedRange<Double>?)
  /// true or false (also yes/no, on/off).
  case bool
  /// Any string.
  case string
  /// One of a fixed list of strings.
  case choice([String])
  /// A list of strings (a single string is a one-element list).
  case strings
  /// The path of an input file the runs read (a dataset, weights, a recipe), stored as a
  /// string; the runner never writes its log over it (``ExperimentRunner/inputPaths``), and
  /// the run log fingerprints it (``InputFingerprint``).
  case file

  /// A choice among the raw values of a typed choice (an enum of named options).
  public static func choice<T: RawRepresentable & CaseIterable>(of type: T.Type) -> ParameterType
  where T.RawValue == String {
    .choice(T.allCases.map(\.rawValue))
  }

  /// Reads `node` as a value of this type; the error names the node's file, line and key.
  public func read(_ node: ConfigNode) throws -> ParameterValue {
    switch self {
    case .int(let range): return .int(try node.int(in: range))
    case .double(let range): return .double(try node.double(in: range))
    case .bool: return .bool(try node.bool())
    case .string:
      guard !node.isSequence, !node.isMapping else { throw node.error("expected a string, got a list or mapping") }
      return .string(try node.string())
    case .file:
      guard !node.isSequence, !node.isMapping else { throw node.error("expected a file path, got a list or mapping") }
      return .string(try node.string())
    case .choice(let choices): return .string(try node.choice(choices))
    case .strings: return .strings(try node.strings())
    }
  }

  /// Whether `value` has this type and lies within its range.
  public func accepts(_ value: ParameterValue) -> Bool {
    switch (self, value) {
    case (.int(let range), .int(let v)): return range?.contains(v) ?? true
    case (.double(let range), .double(let v)): return v.isFinite && (range?.contains(v) ?? true)
    case (.bool, .bool), (.string, .string), (.file, .string), (.strings, .strings): return true
    case (.choice(let choices), .string(let v)): return choices.contains(v)
    default: return false
    }
  }

  /// A short description for help and errors, e.g. "int in 1...1000".
  public var description: String {
    switch self {
    case .int(let range):
      guard let range else { return "int" }
      return range.upperBound == Int.max
        ? "int ≥ \(range.lowerBound)" : "int in \(range.lowerBound)...\(range.upperBound)"
    case .double(let range): return range.map { "number in \($0.lowerBound)...\($0.upperBound)" } ?? "number"
    case .bool: return "bool"
    case .string: return "string"
    case .choice(let choices): return "one of " + choices.joined(separator: ", ")
    case .strings: return "list of strings"
    case .file: return "file path"
    }
  }
}
