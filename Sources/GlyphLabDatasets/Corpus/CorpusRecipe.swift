import Foundation
import GlyphLabConfig

/// Everything that defines the built-in ancient-glyph corpus. Read from a YAML recipe
/// (`Datasets/ancient-glyphs.yaml` holds the defaults); unknown keys are errors.
public struct CorpusRecipe: Sendable, Equatable {
  /// Dataset name written to the file.
  public var name = "ancient-glyphs"
  /// Seed for every random choice.
  public var seed: UInt64 = 1
  /// Number of single-glyph images.
  public var glyphs = 100_000
  /// Square image size in pixels.
  public var imageSize = 48
  /// The em size of a glyph relative to the image.
  public var glyphScale = 0.8
  /// UTF-8 text files the characters come from, in reading order.
  public var textFiles = CorpusText.defaultFiles
  /// Convert the (simplified) text to traditional forms with Unihan's kTraditionalVariant.
  public var traditional = true
  /// Unihan_Variants.txt(.bz2).
  public var unihanPath = "/usr/share/unicode/Unihan_Variants.txt.bz2"
  /// Consecutive characters per passage; each passage is one edition (font).
  public var passageLength = 300
  /// Share of occurrences drawn as another written form (labelled with the base character).
  public var variantShare = 0.15
  /// Unihan fields that count as "another written form".
  public var variantFields = UnihanVariants.defaultVariantFields
  /// The editions: fonts as "Family/Style" (matched exactly against installed faces) or
  /// "path/to/font.ttc#index".
  public var editions: [String] = CorpusRecipe.defaultEditions
  /// Damage applied to glyphs and pages.
  public var degradation = Degradation.none
  /// Page images for detection.
  public var pages = PageRecipe()

  /// The default editions: real CJK fonts from Debian packages.
  public static let defaultEditions = [
    "Noto Serif CJK TC/Regular", "Noto Serif CJK TC/Bold", "Noto Serif CJK TC/Light",
    "Noto Sans CJK TC/Regular", "Noto Sans CJK TC/Bold", "AR PL UKai TW/Book", "AR PL UMing TW/Light",
    "cwTeXKai/Medium", "WenQuanYi Zen Hei/Regular", "HanaMinA/Regular", "IPAmjMincho/Regular",
    "BabelStone Han/Regular",
  ]

  public init() {}

  /// Reads a recipe file; every problem is a ``ConfigError`` with file, line and key.
  public init(path: String) throws {
    try self.init(node: try ConfigNode.load(path: path))
  }

  /// Reads a recipe from parsed YAML.
  public init(node: ConfigNode) throws {
    let keys = try node.mapping(allowed: [
      "name", "seed", "glyphs", "image_size", "glyph_scale", "text", "variants", "editions", "degradation",
      "pages",
    ])
    if let v = keys["name"] { name = try v.string() }
    if let v = keys["seed"] { seed = UInt64(try v.int(in: 0...Int.max)) }
    if let v = keys["glyphs"] { glyphs = try v.int(in: 1...50_000_000) }
    if let v = keys["image_size"] { imageSize = try v.int(in: 8...512) }
    if let v = keys["glyph_scale"] { glyphScale = try v.double(in: 0.2...1.5) }
    if let text = keys["text"] {
      let t = try text.mapping(allowed: ["files", "traditional", "unihan", "passage_length"])
      if let v = t["files"] { textFiles = try v.strings() }
      if let v = t["traditional"] { traditional = try v.bool() }
      if let v = t["unihan"] { unihanPath = try v.string() }
      if let v = t["passage_length"] { passageLength = try v.int(in: 1...1_000_000) }
    }
    if let variants = keys["variants"] {
      let v = try variants.mapping(allowed: ["share", "fields"])
      if let x = v["share"] { variantShare = try x.double(in: 0...1) }
      if let x = v["fields"] { variantFields = try x.strings() }
    }
    if let v = keys["editions"] {
      editions = try v.strings()
      if editions.isEmpty { throw v.error("at least one edition (font) is needed") }
    }
    if let d = keys["degradation"] { degradation = try Self.degradation(d) }
    if let p = keys["pages"] { pages = try PageRecipe(node: p) }
  }

  static func degradation(_ node: ConfigNode) throws -> Degradation {
    let k = try node.mapping(allowed: Degradation.keys)
    func value(_ key: String, _ range: ClosedRange<Double>) throws -> Double {
      try k[key]?.double(in: range) ?? 0
    }
    return Degradation(
      inkBleed: try value("ink_bleed", 0...1), erosion: try value("erosion", 0...1),
      brokenStrokes: try value("broken_strokes", 0...20), blur: try value("blur", 0...5),
      noise: try value("noise", 0...1), unevenInking: try value("uneven_inking", 0...1),
      rotation: try value("rotation", 0...45), shear: try value("shear", 0...1), scale: try value("scale", 0...0.5),
      offset: try value("offset", 0...0.5), paperTexture: try value("paper_texture", 0...1),
      stains: try value("stains", 0...1), holes: try value("holes", 0...1))
  }
}
