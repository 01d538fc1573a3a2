import Foundation
import Yams

/// A YAML value with the file, line and dotted key it came from, so every type or range
/// error names exactly where it is. Mappings are read with a list of the keys allowed, and an
/// unknown key is an error, so a misspelt knob is never silently ignored.
public struct ConfigNode: @unchecked Sendable {
  /// The name errors give as the file of a value set on the command line.
  public static let commandLine = "<command line>"

  let node: Node
  /// The file the tree was read from.
  let sourceFile: String
  /// The dotted key path of this node ("" for the root).
  public let path: String
  /// Whether this node (or one it is inside) was set by a command-line override.
  public let isFromCommandLine: Bool
  /// The paths of the nodes that overrides replaced or added.
  let overridden: Set<String>

  init(node: Node, file: String, path: String, isFromCommandLine: Bool = false, overridden: Set<String> = []) {
    self.node = node
    self.sourceFile = file
    self.path = path
    self.isFromCommandLine = isFromCommandLine
    self.overridden = overridden
  }

  /// The file the node came from, or ``commandLine`` for an override.
  public var file: String { isFromCommandLine ? Self.commandLine : sourceFile }

  /// Parses YAML text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws -> ConfigNode {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        return ConfigNode(node: Node.mapping(Node.Mapping([])), file: file, path: "")
      }
      return ConfigNode(node: node, file: file, path: "")
    } catch let error as YamlError {
      throw ConfigError(file: file, line: Self.line(of: error), key: "", message: "invalid YAML: \(error)")
    }
  }

  /// Reads and parses a YAML file.
  public static func load(path: String) throws -> ConfigNode {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, line: 0, key: "", message: "cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(file: path, line: 0, key: "", message: "not UTF-8 text")
    }
    return try parse(text, file: path)
  }

  /// The 1-based line of this node in its file.
  public var line: Int { isFromCommandLine ? 0 : node.mark.map { $0.line } ?? 0 }

  /// An error located at this node.
  public func error(_ message: String) -> ConfigError {
    ConfigError(file: file, line: line, key: path, message: message)
  }

  func child(_ node: Node, key: String) -> ConfigNode {
    let childPath = path.isEmpty ? key : "\(path).\(key)"
    return ConfigNode(
      node: node, file: sourceFile, path: childPath,
      isFromCommandLine: isFromCommandLine || overridden.contains(childPath), overridden: overridden)
  }

  /// The entries of a mapping, after checking every key is in `allowed`.
  public func mapping(allowed: [String]) throws -> [String: ConfigNode] {
    Dictionary(uniqueKeysWithValues: try orderedMapping(allowed: allowed))
  }

  /// The entries of a mapping in file order, after checking every key is in `allowed`
  /// (any key when `nil`) and none is repeated.
  public func orderedMapping(allowed: [String]?) throws -> [(key: String, value: ConfigNode)] {
    guard let mapping = node.mapping else { throw error("expected a mapping of keys") }
    var out: [(key: String, value: ConfigNode)] = []
    var seen: Set<String> = []
    for (keyNode, value) in mapping {
      guard let key = keyNode.string else { throw error("keys must be strings") }
      let entry = child(value, key: key)
      if let allowed, !allowed.contains(key) {
        let known = allowed.sorted().joined(separator: ", ")
        throw ConfigError(
          file: entry.file, line: entry.isFromCommandLine ? 0 : keyNode.mark?.line ?? entry.line, key: entry.path,
          message: "unknown key (known keys here: \(known))\(NameSuggestion.clause(for: key, among: allowed))")
      }
      guard seen.insert(key).inserted else { throw entry.error("duplicate key") }
      out.append((key, entry))
    }
    return out
  }

  /// The items of a sequence.
  public func sequence() throws -> [ConfigNode] {
    guard let sequence = node.sequence else { throw error("expected a list") }
    return sequence.enumerated().map { child($1, key: "\($0)") }
  }

  /// Whether the node is a sequence.
  public var isSequence: Bool { node.sequence != nil }

  /// Whether the node is a mapping.
  public var isMapping: Bool { node.mapping != nil }

  /// A string.
  public func string() throws -> String {
    guard let scalar = node.scalar else { throw error("expected a string") }
    return scalar.string
  }

  /// An integer, optionally within `range`.
  public func int(in range: ClosedRange<Int>? = nil) throws -> Int {
    guard let text = node.scalar?.string, let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
      throw error("expected an integer, got \(describe())")
    }
    if let range, !range.contains(value) {
      throw error("\(value) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  /// A number, optionally within `range`.
  public func double(in range: ClosedRange<Double>? = nil) throws -> Double {
    guard let text = node.scalar?.string, let value = Double(text.replacingOccurrences(of: "_", with: "")),
      value.isFinite
    else {
      throw error("expected a number, got \(describe())")
    }
    if let range, !range.contains(value) {
      throw error("\(value) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  /// A boolean (true/false, yes/no).
  public func bool() throws -> Bool {
    switch node.scalar?.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false, got \(describe())")
    }
  }

  /// A list of strings (a single string is a one-element list).
  public func strings() throws -> [String] {
    if node.scalar != nil { return [try string()] }
    return try sequence().map { try $0.string() }
  }

  /// One of `choices`.
  public func choice(_ choices: [String]) throws -> String {
    let value = try string()
    guard choices.contains(value) else {
      throw error(
        "'\(value)' is not one of \(choices.joined(separator: ", "))\(NameSuggestion.clause(for: value, among: choices))"
      )
    }
    return value
  }

  /// The node as plain YAML text (for recording a spec in a log).
  public func serialized() throws -> String { try Yams.serialize(node: node) }

  private func describe() -> String {
    if let scalar = node.scalar { return "'\(scalar.string)'" }
    if node.sequence != nil { return "a list" }
    return "a mapping"
  }

  private static func line(of error: YamlError) -> Int {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default:
      return 0
    }
  }
}
