/// A font's design family, the unit the leakage checks compare: two fonts of one design
/// family draw the same characters the same way, so an encoder trained on one has seen the
/// other.
///
/// Font names reach GlyphLab in several spellings — `Family/Style` in recipes,
/// `Family Style` in a corpus's `/groups/font` values, or the bare family — and CJK families
/// come in regional builds of one design (`Noto Serif CJK TC` and `Noto Serif CJK JP`,
/// `AR PL UKai TW` and `AR PL UKai CN`). The design family drops the style (the part after
/// `/`, or a trailing style word such as `Regular`, `Bold`, `Light`, `Book`) and then the
/// trailing regional tags (`TC`, `SC`, `JP`, `KR`, `HK`, `TW`, `CN`, `MBE`), and compares
/// case-insensitively with runs of spaces collapsed. Encoding variants that Debian ships as
/// separate packages (`AR PL KaitiM GB` and `AR PL KaitiM Big5`) stay distinct, as issue 11
/// treats them.
public struct FontFamily: Sendable, Hashable, CustomStringConvertible {
  /// The family as given, without its style (e.g. "Noto Serif CJK TC").
  public let name: String
  /// The normalised design family (e.g. "noto serif cjk").
  public let design: String

  /// Style words that end a `Family Style` name.
  static let styleWords: Set<String> = [
    "regular", "book", "medium", "bold", "light", "thin", "black", "heavy", "demilight", "extralight",
    "ultralight", "semibold", "demibold", "extrabold", "ultrabold", "italic", "oblique", "normal", "roman",
  ]
  /// Regional build tags of CJK families.
  static let regionalTags: Set<String> = ["tc", "sc", "jp", "kr", "hk", "tw", "cn", "mbe"]

  /// The family of a font named `Family/Style`, `Family Style` or `Family`.
  public init(fontName: String) {
    var words: [Substring]
    if let slash = fontName.firstIndex(of: "/") {
      words = fontName[..<slash].split(whereSeparator: \.isWhitespace)
    } else {
      words = fontName.split(whereSeparator: \.isWhitespace)
      while words.count > 1, let last = words.last, Self.styleWords.contains(last.lowercased()) {
        words.removeLast()
      }
    }
    name = words.joined(separator: " ")
    var design = words.map { $0.lowercased() }
    while design.count > 1, let last = design.last, Self.regionalTags.contains(last) { design.removeLast() }
    self.design = design.joined(separator: " ")
  }

  /// Whether the two fonts are of one design family.
  public func isSameDesign(as other: FontFamily) -> Bool { design == other.design }

  public var description: String { name }

  public static func == (lhs: FontFamily, rhs: FontFamily) -> Bool { lhs.design == rhs.design }

  public func hash(into hasher: inout Hasher) { hasher.combine(design) }
}
