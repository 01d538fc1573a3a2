import GlyphLabHDF5
import GlyphLabImaging

/// What a rendered dataset was made from, kept in root attributes so that a leakage check can
/// compare an encoder's training data with an evaluated corpus: the fonts (editions) it was
/// drawn in and, for a pretraining set, where its characters came from. The classes
/// themselves are the dataset's `/classes`.
///
/// | root attribute | type | meaning |
/// | --- | --- | --- |
/// | `fonts` | string array | every font as "Family/Style" |
/// | `font_families` | string array | the distinct family names, in font order |
/// | `font_files` | string array | the font files, in font order |
/// | `characters_source` | string, optional | where the characters came from |
/// | `recipe` | string, optional | the recipe, as YAML |
public struct DatasetProvenance: Sendable, Equatable {
  /// Every font as "Family/Style".
  public var fonts: [String]
  /// The distinct family names, in font order.
  public var fontFamilies: [String]
  /// The font files, in font order.
  public var fontFiles: [String]
  /// Where the characters came from ("" when not recorded).
  public var charactersSource: String
  /// The recipe as YAML ("" when not recorded).
  public var recipe: String

  /// The attribute names.
  public static let fontsAttribute = "fonts"
  public static let fontFamiliesAttribute = "font_families"
  public static let fontFilesAttribute = "font_files"
  public static let charactersSourceAttribute = "characters_source"
  public static let recipeAttribute = "recipe"

  /// The provenance of a dataset drawn in `faces`.
  public init(faces: [FontFace], charactersSource: String = "", recipe: String = "") {
    fonts = faces.map { "\($0.family)/\($0.style)" }
    var families: [String] = []
    for face in faces where !families.contains(face.family) { families.append(face.family) }
    fontFamilies = families
    fontFiles = faces.map(\.path)
    self.charactersSource = charactersSource
    self.recipe = recipe
  }

  /// Reads the attributes of the dataset file at `path`. Throws naming the file if it cannot
  /// be opened or does not record its fonts.
  public init(reading path: String) throws {
    let file = try DatasetError.wrapping(path: path, "cannot open") { try HDF5File(path: path, mode: .readOnly) }
    guard file.hasAttribute(Self.fontsAttribute) else {
      throw DatasetError(path: path, reason: "records no fonts (root attribute \"\(Self.fontsAttribute)\" is missing)")
    }
    func strings(_ name: String) throws -> [String] {
      guard file.hasAttribute(name) else { return [] }
      return try DatasetError.wrapping(path: path, "cannot read root attribute \"\(name)\"") {
        try file.stringsAttribute(name)
      }
    }
    func string(_ name: String) throws -> String {
      guard file.hasAttribute(name) else { return "" }
      return try DatasetError.wrapping(path: path, "cannot read root attribute \"\(name)\"") {
        try file.stringAttribute(name)
      }
    }
    fonts = try strings(Self.fontsAttribute)
    fontFamilies = try strings(Self.fontFamiliesAttribute)
    fontFiles = try strings(Self.fontFilesAttribute)
    charactersSource = try string(Self.charactersSourceAttribute)
    recipe = try string(Self.recipeAttribute)
  }

  /// The font families this dataset shares with `other` (e.g. a training set's with an
  /// evaluated corpus's editions), in this dataset's order. Names only: a renamed copy of a
  /// design is not caught here; ``FontDesignComparison`` compares the glyphs.
  public func sharedFamilies(with other: DatasetProvenance) -> [String] {
    let theirs = Set(other.fontFamilies)
    return fontFamilies.filter { theirs.contains($0) }
  }

  /// Writes the attributes through `writer`.
  public func write(to writer: GlyphDatasetWriter) throws {
    try writer.setRootAttribute(Self.fontsAttribute, fonts)
    try writer.setRootAttribute(Self.fontFamiliesAttribute, fontFamilies)
    try writer.setRootAttribute(Self.fontFilesAttribute, fontFiles)
    if !charactersSource.isEmpty { try writer.setRootAttribute(Self.charactersSourceAttribute, charactersSource) }
    if !recipe.isEmpty { try writer.setRootAttribute(Self.recipeAttribute, recipe) }
  }
}
