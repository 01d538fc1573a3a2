/// What building a rendered glyph set produced.
public struct RenderedGlyphSummary: Sendable, Codable, Equatable {
  /// The dataset file written.
  public var path: String
  /// Images written.
  public var glyphs: Int
  /// Classes (characters).
  public var classes: Int
  /// The fonts as "Family/Style".
  public var fonts: [String]
  /// Images per font, in font order.
  public var glyphsPerFont: [Int]
  /// Characters left out because too few fonts draw them.
  public var uncoveredCharacters: Int
  /// Characters left out by `exclude_classes_of`.
  public var excludedCharacters: Int
  /// Distinct variant forms rendered (0 when the recipe renders none).
  public var variantForms: Int = 0
  /// Wall-clock time of the build.
  public var seconds: Double
}
