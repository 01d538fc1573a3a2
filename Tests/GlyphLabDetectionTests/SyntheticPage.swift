import GlyphLabDetection

/// A hand-drawn page of vertical text: a border, rules between columns, and "characters"
/// made of bars and blocks whose parts are separate components (二, 三, 川, a left–right
/// 郷-like pair, a hollow square, a lone 一), with their exact boxes in reading order.
struct SyntheticPage {
  var width: Int
  var height: Int
  var pixels: [UInt8]
  /// Boxes in reading order: columns right to left, top to bottom.
  var truth: [PixelBox] = []
  let cell: Int
  let columns: Int
  let rows: Int
  let left: Int
  let top: Int

  init(width: Int = 420, height: Int = 520, columns: Int = 5, margin: Int = 30, ruled: Bool = true, ink: UInt8 = 220) {
    self.width = width
    self.height = height
    self.columns = columns
    pixels = [UInt8](repeating: 0, count: width * height)
    cell = (width - 2 * margin) / columns
    rows = (height - 2 * margin) / cell
    left = (width - cell * columns) / 2
    top = margin
    if ruled { drawRules(ink: ink) }
  }

  /// The border and the lines between columns, 2 pixels thick.
  mutating func drawRules(ink: UInt8 = 220) {
    let bottom = top + rows * cell
    for c in 0...columns { fill(PixelBox(x: left + c * cell - 1, y: top - 2, width: 2, height: bottom - top + 4), ink) }
    fill(PixelBox(x: left - 1, y: top - 2, width: cell * columns + 2, height: 2), ink)
    fill(PixelBox(x: left - 1, y: bottom, width: cell * columns + 2, height: 2), ink)
  }

  mutating func fill(_ box: PixelBox, _ ink: UInt8) {
    for y in max(0, box.y)..<min(height, box.maxY) {
      for x in max(0, box.x)..<min(width, box.maxX) { pixels[y * width + x] = ink }
    }
  }

  /// The cell of the `index`-th character in reading order.
  func cellBox(_ index: Int) -> PixelBox {
    let column = index / rows
    let row = index % rows
    return PixelBox(x: left + (columns - 1 - column) * cell, y: top + row * cell, width: cell, height: cell)
  }

  /// Draws character `kind` (0…5) in cell `index` and records its box.
  mutating func draw(kind: Int, at index: Int, ink: UInt8 = 220) {
    let c = cellBox(index)
    let s = cell * 7 / 10  // glyph size
    let (x0, y0) = (c.x + (cell - s) / 2, c.y + (cell - s) / 2)
    let bar = max(3, s / 10)
    var parts: [PixelBox] = []
    switch kind {
    case 0:  // hollow square (one component)
      parts = [
        PixelBox(x: x0, y: y0, width: s, height: bar), PixelBox(x: x0, y: y0 + s - bar, width: s, height: bar),
        PixelBox(x: x0, y: y0, width: bar, height: s), PixelBox(x: x0 + s - bar, y: y0, width: bar, height: s),
      ]
    case 1:  // 二: two bars far apart
      parts = [
        PixelBox(x: x0 + s / 8, y: y0 + s / 6, width: s * 3 / 4, height: bar),
        PixelBox(x: x0, y: y0 + s - bar - s / 8, width: s, height: bar),
      ]
    case 2:  // 川: three upright bars side by side
      parts = (0..<3).map {
        PixelBox(
          x: x0 + $0 * (s - bar) / 2, y: y0 + ($0 == 0 ? s / 6 : 0), width: bar, height: s - ($0 == 0 ? s / 6 : 0))
      }
    case 3:  // 三: three bars
      parts = (0..<3).map {
        PixelBox(
          x: x0 + ($0 == 1 ? s / 8 : 0), y: y0 + $0 * (s - bar) / 2, width: s - ($0 == 1 ? s / 4 : 0), height: bar)
      }
    case 4:  // 一: one thin bar
      parts = [PixelBox(x: x0, y: y0 + s / 2 - bar / 2, width: s, height: bar)]
    default:  // a left–right pair of blocks, like 郷's parts
      parts = [
        PixelBox(x: x0, y: y0 + 2, width: s * 4 / 10, height: s - 2),
        PixelBox(x: x0 + s * 6 / 10, y: y0, width: s * 4 / 10, height: s),
      ]
    }
    for part in parts { fill(part, ink) }
    truth.append(parts.dropFirst().reduce(parts[0]) { $0.union($1) })
  }

  /// A full page: every cell in reading order, kinds cycling.
  static func full(ruled: Bool = true) -> SyntheticPage {
    var page = SyntheticPage(ruled: ruled)
    for i in 0..<(page.rows * page.columns) { page.draw(kind: (i * 7 + i / page.rows) % 6, at: i) }
    return page
  }
}
