/// The characters and fonts of a set of glyphs: what an encoder was trained on (recorded in
/// its weights file), or what a corpus holds (its classes and editions). The protocol checks
/// compare the two (``EncoderProtocol``).
public struct TrainingContents: Sendable, Equatable, Codable {
  /// The class names (characters), in the dataset's order.
  public var characters: [String]
  /// The font or edition names, as the dataset spells them (e.g. "Noto Serif CJK TC Regular").
  public var fonts: [String]

  /// Contents with `characters` and `fonts`.
  public init(characters: [String], fonts: [String]) {
    self.characters = characters
    self.fonts = fonts
  }
}
