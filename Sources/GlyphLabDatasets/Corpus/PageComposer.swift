import GlyphLabCore

/// Lays a page out as a woodblock-printed book: a text block inside margins, `columns`
/// vertical columns read right to left, square character cells, a border and lines between
/// the columns. Records each character's box (its ink's bounding box on the page).
struct PageComposer {
  let recipe: PageRecipe
  let glyphScale: Double

  /// Column width and cell size in pixels.
  var cell: Int { (recipe.width - 2 * recipe.margin) / recipe.columns }
  /// Characters per column.
  var rows: Int { max(1, (recipe.height - 2 * recipe.margin) / max(1, cell)) }
  /// Characters per page.
  var capacity: Int { rows * recipe.columns }

  /// Renders one page; returns its pixels and, per character, its box (x, y, w, h) or nil
  /// when the character left no ink (it is then not recorded).
  func compose(
    _ page: CorpusPlan.Page, rasterizer: CorpusRasterizer, degradation: Degradation,
    generator g: inout SeededGenerator
  ) -> (pixels: [UInt8], boxes: [(box: (Int, Int, Int, Int), label: Int32)]) {
    var canvas = GlyphCanvas(width: recipe.width, height: recipe.height)
    let cell = self.cell
    let blockWidth = cell * recipe.columns
    let left = (recipe.width - blockWidth) / 2
    let top = recipe.margin
    var boxes: [(box: (Int, Int, Int, Int), label: Int32)] = []
    for (k, glyph) in page.glyphs.prefix(capacity).enumerated() {
      let column = k / rows
      let row = k % rows
      // Columns run right to left.
      let x0 = left + (recipe.columns - 1 - column) * cell
      let y0 = top + row * cell
      let local = rasterizer.draw(glyph, size: cell, agePaper: false, generator: &g)
      guard let ink = local.inkBox(threshold: 0.35) else { continue }
      canvas.draw(coverage: local.bytes(), width: cell, height: cell, x: x0, y: y0)
      boxes.append(((x0 + ink.x, y0 + ink.y, ink.w, ink.h), glyph.label))
    }
    if recipe.ruling {
      let thickness = max(1, cell / 24)
      let bottom = top + rows * cell
      for c in 0...recipe.columns {
        line(
          &canvas, x: left + c * cell - thickness / 2, y: top - thickness, w: thickness, h: bottom - top + 2 * thickness
        )
      }
      line(&canvas, x: left, y: top - thickness, w: blockWidth, h: thickness)
      line(&canvas, x: left, y: bottom, w: blockWidth, h: thickness)
    }
    degradation.agePaper(&canvas, pixelScale: Double(cell) / 48, generator: &g)
    return (canvas.bytes(), boxes)
  }

  private func line(_ canvas: inout GlyphCanvas, x: Int, y: Int, w: Int, h: Int) {
    for yy in max(0, y)..<min(canvas.height, y + h) {
      for xx in max(0, x)..<min(canvas.width, x + w) { canvas.ink[yy * canvas.width + xx] = 0.85 }
    }
  }
}
