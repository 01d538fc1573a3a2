import GlyphLabConfig

/// What the printer put on a corpus page beyond evenly spaced columns of separate
/// characters (the recipe's `pages.layout:` mapping): uneven column pitch, touching
/// characters, small side glosses, illustrations and seals. Each effect is off at 0, its
/// default: the page is then laid out exactly as without the knob, and no random number is
/// drawn for it.
public struct PageLayoutEffects: Sendable, Equatable {
  /// Uneven column pitch: each column is at least (1 − this) of the even pitch wide, the
  /// rest of the text block shared out at random (0–0.5). Characters are drawn at the
  /// narrowest possible column's width. 0 (default) turns it off.
  public var columnJitter = 0.0
  /// The probability that a character touches the one above it in its column: it moves up
  /// until its ink box meets the other's, overlapping by up to 8% of the character size.
  /// 0 (default) turns it off.
  public var touching = 0.0
  /// The probability that a main-text character has a side gloss: one or two small
  /// characters in a lane on its right (ruby). The lane is part of every column when
  /// glosses are on, so the main characters are drawn smaller. 0 (default) turns it off.
  public var glosses = 0.0
  /// A gloss character's size relative to the main characters (0.3–0.6, default 0.45).
  public var glossScale = 0.45
  /// Whether glosses get ground-truth boxes (default false, as in the PMJT sample, whose
  /// boxes are the main text's; see Datasets/README.md).
  public var glossBoxes = false
  /// The probability that a page holds an illustration: a line drawing with filled shapes
  /// in place of the characters of 1–3 columns over a third to two thirds of their rows. It
  /// has no ground-truth box, nor do the characters it replaces. 0 (default) turns it off.
  public var illustrations = 0.0
  /// The probability that a page carries a seal: a square stamp of 1.2–2.2 character sizes
  /// (frame and rectilinear seal script) in mid-grey, as a red stamp scans, anywhere on the
  /// page, over text too. It has no ground-truth box; characters under it keep theirs.
  /// 0 (default) turns it off.
  public var seals = 0.0

  /// The recipe keys under `pages.layout:`.
  public static let keys = [
    "column_jitter", "touching", "glosses", "gloss_scale", "gloss_boxes", "illustrations", "seals",
  ]

  public init() {}

  init(node: ConfigNode) throws {
    let k = try node.mapping(allowed: Self.keys)
    if let v = k["column_jitter"] { columnJitter = try v.double(in: 0...0.5) }
    if let v = k["touching"] { touching = try v.double(in: 0...1) }
    if let v = k["glosses"] { glosses = try v.double(in: 0...1) }
    if let v = k["gloss_scale"] { glossScale = try v.double(in: 0.3...0.6) }
    if let v = k["gloss_boxes"] { glossBoxes = try v.bool() }
    if let v = k["illustrations"] { illustrations = try v.double(in: 0...1) }
    if let v = k["seals"] { seals = try v.double(in: 0...1) }
  }
}
