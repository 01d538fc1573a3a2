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
  /// Whether the key, left at its default, stays out of run ids. For a key added after logs
  /// were written, whose default is what runs did before it existed: those runs keep their
  /// ids, and `--resume` of their logs still finds them. The key is logged either way.
  public var neutralDefault: Bool

  /// Creates a definition; `defaultValue` must have `type` (checked by ``ParameterSchema``).
  /// `neutralDefault` (default false) keeps the key at its default out of run ids.
  public init(
    _ key: String, _ type: ParameterType, default defaultValue: ParameterValue?, doc: String,
    neutralDefault: Bool = false
  ) {
    self.key = key
    self.type = type
    self.defaultValue = defaultValue
    self.doc = doc
    self.neutralDefault = neutralDefault
  }
}
