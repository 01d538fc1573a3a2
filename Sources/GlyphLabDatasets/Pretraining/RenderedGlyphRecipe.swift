import Foundation
import GlyphLabConfig

/// Everything that defines a set of rendered training glyphs (`glyphlab datasets build
/// rendered-glyphs`): which characters, in which fonts, how many renderings of each, and how
/// they are augmented and damaged. Read from YAML (`Datasets/rendered-glyphs.yaml` holds the
/// defaults); unknown keys and bad values are errors naming file, line and key.
///
/// Every character × font pair gives ``renderings`` images: rendering 0 is the clean
/// reference (centred, no augmentation, no damage), the others are augmented with
/// ``augmentation``, whose ``GlyphAugmentation/Configuration/damage`` is the recipe's
/// `degradation:`.
public struct RenderedGlyphRecipe: Sendable, Equatable {
  /// Dataset name written to the file.
  public var name = "rendered-glyphs"
  /// Seed for every random choice.
  public var seed: UInt64 = 1
  /// Square image size in pixels.
  public var imageSize = 48
  /// The em size of a glyph relative to the image.
  public var glyphScale = 0.8
  /// Where the characters come from.
  public var characters = CharacterSource.corpusRecipe("Datasets/ancient-glyphs.yaml")
  /// At most this many characters (the first in rank order that enough fonts have); nil
  /// for all.
  public var limit: Int?
  /// Classes to leave out: those of a dataset file (.h5) or corpus recipe (.yaml), for the
  /// novel-characters protocol. nil for none.
  public var excludeClassesOf: String?
  /// A character is kept only if at least this many of the fonts have a glyph for it.
  public var minimumFonts = 1
  /// The fonts, as "Family/Style" of installed faces, or "path/to/font.ttc#index".
  public var fonts = RenderedGlyphRecipe.defaultFonts
  /// Images per character per font; the first is the clean reference.
  public var renderings = 4
  /// The augmentation of renderings 1…, with the damage model.
  public var augmentation = GlyphAugmentation.Configuration.none
  /// Other written forms of each character to render too, labelled with the character's
  /// class (`variants:`), or nil for none.
  public var variants: VariantForms?
  /// The recipe as YAML, when it was read from YAML (recorded in the dataset).
  public var yaml = ""

  /// Fifteen Debian font families that the built-in corpus does not use and that are not
  /// reserved for held-out editions, chosen as distinct designs (see Datasets/README.md):
  /// eight printed styles and seven hand-drawn ones (brush, pen and longhand).
  public static let defaultFonts = [
    "WenQuanYi Micro Hei/Regular", "IPAGothic/Regular", "BIZ UDGothic/Regular", "BIZ UDMincho/Regular",
    "cwTeXFangSong/Medium", "cwTeXHeiBold/Medium", "cwTeXYen/Medium", "Ume Mincho/Regular",
    "KouzanBrushFont/Regular", "KouzanBrushFontGyousyo/Regular", "AoyagiKouzanFontT/Regular",
    "AoyagiSosekiFont2/Regular", "Klee One/Regular", "Dejima/mincho", "kiloji/Regular",
  ]

  /// The top-level keys.
  public static let keys = [
    "name", "seed", "image_size", "glyph_scale", "characters", "fonts", "renderings", "augmentation",
    "degradation", "variants",
  ]

  public init() {}

  /// Reads a recipe file. Relative paths in it (characters, exclusions) are relative to the
  /// file's folder.
  public init(path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try self.init(node: try ConfigNode.load(path: path), baseDirectory: folder.isEmpty ? "." : folder)
  }

  /// Reads a recipe from parsed YAML; relative paths are resolved against `baseDirectory`.
  public init(node: ConfigNode, baseDirectory: String = ".") throws {
    func resolve(_ path: String) -> String {
      path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }
    let keys = try node.mapping(allowed: Self.keys)
    yaml = (try? node.serialized()) ?? ""
    if let v = keys["name"] { name = try v.string() }
    if let v = keys["seed"] { seed = UInt64(try v.int(in: 0...Int.max)) }
    if let v = keys["image_size"] { imageSize = try v.int(in: 8...512) }
    if let v = keys["glyph_scale"] { glyphScale = try v.double(in: 0.2...1.5) }
    if let node = keys["characters"] {
      let c = try node.mapping(allowed: CharacterSource.keys + ["limit", "exclude_classes_of", "min_fonts"])
      let given = CharacterSource.keys.compactMap { key in c[key].map { (key, $0) } }
      guard given.count == 1, let (key, value) = given.first else {
        throw node.error(
          given.isEmpty
            ? "give one source of characters: \(CharacterSource.keys.joined(separator: ", "))"
            : "give one source of characters, not \(given.map(\.0).joined(separator: " and "))")
      }
      switch key {
      case "corpus": characters = .corpusDataset(resolve(try value.string()))
      case "corpus_recipe": characters = .corpusRecipe(resolve(try value.string()))
      case "text": characters = .text(try value.strings().map(resolve))
      case "unihan": characters = .unihan(resolve(try value.string()))
      default:
        let text = try value.string()
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { throw value.error("the list is empty") }
        characters = .list(text)
      }
      if let v = c["limit"] { limit = try v.int(in: 1...10_000_000) }
      if let v = c["exclude_classes_of"] { excludeClassesOf = resolve(try v.string()) }
      if let v = c["min_fonts"] { minimumFonts = try v.int(in: 1...1000) }
    }
    if let v = keys["fonts"] {
      fonts = try v.strings()
      if fonts.isEmpty { throw v.error("at least one font is needed") }
      if let repeated = fonts.first(where: { f in fonts.count(where: { $0 == f }) > 1 }) {
        throw v.error("font \"\(repeated)\" is listed twice")
      }
    }
    if minimumFonts > fonts.count, let node = keys["characters"] {
      throw node.error("min_fonts is \(minimumFonts) but only \(fonts.count) fonts are given")
    }
    if let v = keys["renderings"] { renderings = try v.int(in: 1...1000) }
    if let v = keys["variants"] {
      let m = try v.mapping(allowed: ["unihan", "fields"])
      var forms = VariantForms()
      if let x = m["unihan"] { forms.unihanPath = resolve(try x.string()) }
      if let x = m["fields"] {
        forms.fields = try x.strings()
        if forms.fields.isEmpty { throw x.error("give at least one Unihan variant field") }
      }
      variants = forms
    }
    if let v = keys["augmentation"] { augmentation = try GlyphAugmentation.Configuration(node: v) }
    if let v = keys["degradation"] {
      let inner = try keys["augmentation"]?.orderedMapping(allowed: nil) ?? []
      if inner.contains(where: { $0.key == "damage" }) {
        throw v.error("give the damage model once: here or as augmentation.damage, not both")
      }
      augmentation.damage = try CorpusRecipe.degradation(v)
    }
  }
}
