/// What the loop asks a person: one glyph to type or to review against the machine's
/// suggestion, or a grid of glyphs to verify.
public struct AnnotationQuery: Sendable, Equatable {
  /// How the glyphs are shown.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// One glyph, with no suggestion: type its label.
    case type
    /// One glyph with the machine's suggestion: accept or correct it.
    case review
    /// A grid: mark the members that do not belong, accept the label for the rest.
    case grid
  }

  /// How the glyphs are shown.
  public var kind: Kind
  /// The glyph the query strategy chose.
  public var glyph: Int
  /// The glyphs shown: `[glyph]` for one glyph; for a grid, `glyph` first, then the other members.
  public var members: [Int]
  /// The machine's label for ``glyph`` (nil before a model exists or without suggestions).
  public var suggestion: Int32?
  /// The model's most likely classes for ``glyph``, best first (empty before a model exists).
  public var candidates: [Int32]
  /// The round (from 0, counting the zero-label round when there are references).
  public var round: Int

  /// A query.
  public init(kind: Kind, glyph: Int, members: [Int], suggestion: Int32?, candidates: [Int32], round: Int) {
    self.kind = kind
    self.glyph = glyph
    self.members = members
    self.suggestion = suggestion
    self.candidates = candidates
    self.round = round
  }
}
