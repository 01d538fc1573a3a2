import GlyphLabConfig

/// Page images for the detection issue: characters in vertical columns read right to left,
/// with ruling lines and margins, as in woodblock-printed books.
public struct PageRecipe: Sendable, Equatable {
  /// Number of pages (0 for none).
  public var count = 12
  /// Page size in pixels.
  public var width = 640
  public var height = 960
  /// Text columns per page.
  public var columns = 8
  /// Margin around the text block, in pixels.
  public var margin = 40
  /// Draw the border and the lines between columns.
  public var ruling = true
  /// Damage, as for single glyphs (the recipe's glyph degradation unless given).
  public var degradation: Degradation?
  /// The main characters' cell size in pixels (their vertical pitch too), or nil (default)
  /// for the largest that fits: the column pitch, less the gloss lane and the column jitter.
  public var characterSize: Int?
  /// Scan border, binding shadow and paper tone (`scan:`; all off by default).
  public var scan = PageScanEffects()
  /// Column pitch, touching characters, glosses, illustrations and seals (`layout:`; all off
  /// by default).
  public var layout = PageLayoutEffects()

  public init() {}

  init(node: ConfigNode) throws {
    let k = try node.mapping(allowed: [
      "count", "width", "height", "columns", "margin", "ruling", "character_size", "degradation", "scan", "layout",
    ])
    if let v = k["count"] { count = try v.int(in: 0...100_000) }
    if let v = k["width"] { width = try v.int(in: 64...8192) }
    if let v = k["height"] { height = try v.int(in: 64...8192) }
    if let v = k["columns"] { columns = try v.int(in: 1...200) }
    if let v = k["margin"] { margin = try v.int(in: 0...2000) }
    if let v = k["ruling"] { ruling = try v.bool() }
    if let v = k["degradation"] { degradation = try CorpusRecipe.degradation(v) }
    if let v = k["character_size"] { characterSize = try v.int(in: 8...2000) }
    if let v = k["scan"] { scan = try PageScanEffects(node: v) }
    if let v = k["layout"] { layout = try PageLayoutEffects(node: v) }
    guard 2 * margin + columns * 8 <= width, 2 * margin + 16 <= height else {
      throw node.error("the margins and \(columns) columns do not fit a \(width)×\(height) page")
    }
    var fitting = self
    fitting.characterSize = nil
    let size = PageGeometry(recipe: fitting).size
    if let v = k["character_size"], let characterSize, characterSize > size {
      throw v.error(
        "\(characterSize)-pixel characters do not fit \(columns) columns of this page (at most \(size) with this layout)"
      )
    }
    guard size >= 8 else {
      throw (k["layout"] ?? node).error(
        "characters would be \(size) pixels: \(columns) columns with this column_jitter and these glosses need a wider page"
      )
    }
  }
}
