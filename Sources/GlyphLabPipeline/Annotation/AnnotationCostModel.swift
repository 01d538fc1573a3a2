/// What a person's work costs, in seconds of expert time. The defaults are set from how the
/// work is done, before any experiment, and are not tuned to reach a target:
///
/// - **Type** (4 s): look at the glyph, recall or look up the character, enter it with an
///   input method and check it. Manual entry is this for every glyph: the baseline.
/// - **Confirm** a machine suggestion (1 s): read the glyph beside the suggested character
///   and press accept.
/// - **Correct** a wrong suggestion (1 s + typing): the look, then type the right character.
/// - **Verify a cluster** shown as a grid (2 s + 0.25 s per glyph): take in the grid, then
///   glance at each glyph; accepting the majority label types it once (4 s) unless the grid
///   carries a correct machine suggestion. Marking a glyph that does not belong costs 1 s
///   more; marked glyphs go back to the pool.
public struct AnnotationCostModel: Sendable, Equatable, Codable {
  /// Typing the label of one glyph.
  public var typeSeconds: Double
  /// Accepting a correct machine suggestion.
  public var confirmSeconds: Double
  /// Looking at a wrong suggestion before typing the right label (typing is added).
  public var correctLookSeconds: Double
  /// Taking in a cluster grid.
  public var clusterBaseSeconds: Double
  /// Glancing at each glyph of a cluster grid.
  public var clusterPerGlyphSeconds: Double
  /// Marking one glyph of a grid as not belonging.
  public var markWrongSeconds: Double

  public init(
    typeSeconds: Double = 4, confirmSeconds: Double = 1, correctLookSeconds: Double = 1,
    clusterBaseSeconds: Double = 2, clusterPerGlyphSeconds: Double = 0.25, markWrongSeconds: Double = 1
  ) {
    self.typeSeconds = typeSeconds
    self.confirmSeconds = confirmSeconds
    self.correctLookSeconds = correctLookSeconds
    self.clusterBaseSeconds = clusterBaseSeconds
    self.clusterPerGlyphSeconds = clusterPerGlyphSeconds
    self.markWrongSeconds = markWrongSeconds
  }

  /// The default model above.
  public static let standard = AnnotationCostModel()

  /// Manual entry of `glyphs` glyphs: typing every one.
  public func manualEntryCost(glyphs: Int) -> Double { Double(glyphs) * typeSeconds }
}
