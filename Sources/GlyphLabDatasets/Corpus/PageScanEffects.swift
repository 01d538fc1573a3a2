import GlyphLabConfig

/// What the scanner and the aged sheet add to a corpus page, beyond the glyph damage of
/// ``Degradation``: a dark scan border, a binding shadow and uneven paper tone (the recipe's
/// `pages.scan:` mapping). Each effect is off at 0, its default: the page is then drawn
/// exactly as without the knob, and no random number is drawn for it.
public struct PageScanEffects: Sendable, Equatable {
  /// The probability that a page has a dark scan border: the scanner bed around the sheet,
  /// on some of its four sides, each side's width varying along it (a sheet scanned
  /// slightly askew). 0 (default) turns it off.
  public var border = 0.0
  /// The largest width of a border side, as a fraction of the page margin (default 0.8; the
  /// border never reaches the text block).
  public var borderWidth = 0.8
  /// The peak darkness (ink density, 0–1) of the binding shadow: a dark gradient along one
  /// vertical edge, as at a book's gutter; each page draws its own peak in 0.6–1 of this.
  /// 0 (default) turns it off.
  public var bindingShadow = 0.0
  /// The binding shadow's width, as a fraction of the page width (default 0.12).
  public var shadowWidth = 0.12
  /// The depth of uneven paper tone: a low-frequency brightness variation across the page
  /// (a smooth field on a 3 × 3 grid plus a page-wide level), at most this much ink density
  /// added to paper and ink. 0 (default) turns it off.
  public var paperTone = 0.0

  /// The recipe keys under `pages.scan:`.
  public static let keys = ["border", "border_width", "binding_shadow", "shadow_width", "paper_tone"]

  public init() {}

  init(node: ConfigNode) throws {
    let k = try node.mapping(allowed: Self.keys)
    if let v = k["border"] { border = try v.double(in: 0...1) }
    if let v = k["border_width"] { borderWidth = try v.double(in: 0...1) }
    if let v = k["binding_shadow"] { bindingShadow = try v.double(in: 0...1) }
    if let v = k["shadow_width"] { shadowWidth = try v.double(in: 0.01...0.5) }
    if let v = k["paper_tone"] { paperTone = try v.double(in: 0...1) }
  }
}
