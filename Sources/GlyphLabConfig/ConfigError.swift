/// A problem in a YAML recipe or spec, located by file, line and dotted key.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file ("<command line>" for overrides).
  public var file: String
  /// The 1-based line, or 0 when unknown.
  public var line: Int
  /// The dotted key path, e.g. "degradation.ink_bleed".
  public var key: String
  /// What is wrong.
  public var message: String

  public init(file: String, line: Int, key: String, message: String) {
    self.file = file
    self.line = line
    self.key = key
    self.message = message
  }

  public var description: String {
    let location = line > 0 ? "\(file):\(line)" : file
    return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
  }
}
