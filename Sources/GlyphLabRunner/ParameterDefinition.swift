import GlyphLabRunLog

/// One allowed parameter of an experiment kind: its dotted key, type, default and a one-line
/// description.
public struct ParameterDefinition: Sendable, Equatable {
  /// The dotted key under `parameters:`, e.g. "clustering.clusters".
  public var key: String
  /// Its type and allowed values.
  public var type: ParameterType
  /// The value used when the spec does not give one; `nil` makes the parameter required.
  public var defaultValue: ParameterValue?
  /// One line for `--help`-style listings and the docs.
  public var doc: String

  /// Creates a definition; `defaultValue` must have `type` (checked by ``ParameterSchema``).
  public init(_ key: String, _ type: ParameterType, default defaultValue: ParameterValue?, doc: String) {
    self.key = key
    self.type = type
    self.defaultValue = defaultValue
    self.doc = doc
  }
}
