/// An attribute's value read without a schema: a single number, or text (a string, or an
/// array of numbers or strings written as `[a, b]`).
public enum AttributeValue: Sendable, Equatable {
  /// A single number (integers read as doubles).
  case number(Double)
  /// Text.
  case text(String)
}
