import GlyphLabCore

/// Lays a page out as a woodblock-printed book: a text block inside margins, `columns`
/// vertical columns read right to left, square character cells, a border and lines between
/// the columns. Records each character's box (its ink's bounding box on the page).
///
/// The recipe's realistic effects (``PageLayoutEffects``, ``PageScanEffects``) each draw
/// from their own generator, derived from the page's before anything is drawn, so an effect
/// that is off draws nothing, takes no random number and leaves the page as it was.
struct PageComposer {
  let recipe: PageRecipe
  let glyphScale: Double

  /// The page's fixed measures.
  var geometry: PageGeometry { PageGeometry(recipe: recipe) }
  /// Characters per column.
  var rows: Int { geometry.rows }
  /// Characters per page.
  var capacity: Int { rows * recipe.columns }
  /// Gloss characters planned per page: twice the capacity when glosses are on, else none.
  var glossCapacity: Int { recipe.layout.glosses > 0 ? 2 * capacity : 0 }

  /// Renders one page: its pixels, per character its box (characters that left no ink are
  /// not recorded), and the regions of illustrations and seals.
  func compose(
    _ page: CorpusPlan.Page, rasterizer: CorpusRasterizer, degradation: Degradation,
    generator g: inout SeededGenerator
  ) -> ComposedPage {
    var canvas = GlyphCanvas(width: recipe.width, height: recipe.height)
    let geo = geometry
    let size = geo.size
    let layout = recipe.layout
    let scan = recipe.scan
    let root = g
    func stream(_ name: String, _ on: Bool) -> SeededGenerator? { on ? root.derived(name) : nil }
    var columnStream = stream("page-columns", layout.columnJitter > 0)
    var touchStream = stream("page-touching", layout.touching > 0)
    var glossStream = stream("page-glosses", layout.glosses > 0)
    var illustrationStream = stream("page-illustration", layout.illustrations > 0)
    var sealStream = stream("page-seal", layout.seals > 0)
    var borderStream = stream("page-border", scan.border > 0)
    let shadowStream = stream("page-shadow", scan.bindingShadow > 0)
    let toneStream = stream("page-tone", scan.paperTone > 0)

    let edges = geo.boundaries(columns: recipe.columns, jitter: &columnStream)
    let cells = illustrationCells(&illustrationStream, rows: geo.rows)
    var composed = ComposedPage(pixels: [], boxes: [])
    var glossIndex = 0
    var above: ComposedPage.Rect?  // the previous character's box in this column
    for (k, glyph) in page.glyphs.prefix(capacity).enumerated() {
      let column = k / geo.rows
      let row = k % geo.rows
      if row == 0 { above = nil }
      // Columns run right to left; the character (and its gloss lane) is centred in its column.
      let physical = recipe.columns - 1 - column
      let x0 = edges[physical] + (edges[physical + 1] - edges[physical] - size - geo.lane) / 2
      var y0 = geo.top + row * size
      let local = rasterizer.draw(glyph, size: size, agePaper: false, generator: &g)
      if let cells, cells.columns.contains(physical), cells.rows.contains(row) {
        above = nil
        continue
      }
      guard let ink = local.inkBox(threshold: 0.35) else { continue }
      if let previous = above, Self.chance(&touchStream, layout.touching), var t = touchStream {
        // Up until the ink meets the character above, overlapping it a little.
        let overlap = Int(t.uniformDouble() * min(0.08 * Double(size), Double(previous.h) / 4))
        touchStream = t
        y0 = min(y0, previous.y + previous.h - overlap - ink.y)
      }
      canvas.draw(coverage: local.bytes(), width: size, height: size, x: x0, y: y0)
      let box = ComposedPage.Rect(x: x0 + ink.x, y: y0 + ink.y, w: ink.w, h: ink.h)
      composed.boxes.append(.init(rect: box, label: glyph.label, isGloss: false))
      above = box
      if Self.chance(&glossStream, layout.glosses), var s = glossStream {
        let count = 1 + s.uniformInt(below: 2)
        let start = y0 + (size - count * geo.lane) / 2
        for i in 0..<count where glossIndex < page.glosses.count {
          let small = rasterizer.draw(page.glosses[glossIndex], size: geo.lane, agePaper: false, generator: &s)
          glossIndex += 1
          guard let gink = small.inkBox(threshold: 0.35) else { continue }
          let gx = x0 + size
          let gy = start + i * geo.lane
          canvas.draw(coverage: small.bytes(), width: geo.lane, height: geo.lane, x: gx, y: gy)
          composed.boxes.append(
            .init(
              rect: .init(x: gx + gink.x, y: gy + gink.y, w: gink.w, h: gink.h),
              label: page.glosses[glossIndex - 1].label,
              isGloss: true))
        }
        glossStream = s
      }
    }
    let region = cells.map {
      ComposedPage.Rect(
        x: edges[$0.columns.lowerBound], y: geo.top + $0.rows.lowerBound * size,
        w: edges[$0.columns.upperBound] - edges[$0.columns.lowerBound], h: $0.rows.count * size)
    }
    if recipe.ruling {
      let thickness = max(1, geo.pitch / 24)
      let top = geo.top
      let bottom = top + geo.rows * size
      for c in 0...recipe.columns {
        let x = edges[c] - thickness / 2
        if let cells, let region, cells.columns.lowerBound < c, c < cells.columns.upperBound {
          // The illustration breaks the rules between its columns.
          line(&canvas, x: x, y: top - thickness, w: thickness, h: region.y - (top - thickness))
          line(&canvas, x: x, y: region.y + region.h, w: thickness, h: bottom + thickness - (region.y + region.h))
        } else {
          line(&canvas, x: x, y: top - thickness, w: thickness, h: bottom - top + 2 * thickness)
        }
      }
      line(&canvas, x: geo.left, y: top - thickness, w: edges[recipe.columns] - geo.left, h: thickness)
      line(&canvas, x: geo.left, y: bottom, w: edges[recipe.columns] - geo.left, h: thickness)
    }
    if let region, var s = illustrationStream {
      let inset = max(2, size / 8)
      drawIllustration(
        &canvas,
        in: .init(x: region.x + inset, y: region.y + inset, w: region.w - 2 * inset, h: region.h - 2 * inset),
        scale: Double(size) / 48, generator: &s)
      composed.illustrations.append(region)
    }
    if Self.chance(&sealStream, layout.seals), var s = sealStream {
      composed.seals.append(drawSeal(&canvas, size: size, generator: &s))
    }
    if var s = toneStream { paperTone(&canvas, generator: &s) }
    if var s = shadowStream { bindingShadow(&canvas, generator: &s) }
    if Self.chance(&borderStream, scan.border), var s = borderStream {
      scanBorder(&canvas, limit: Double(recipe.margin - max(1, geo.pitch / 24) - 2), generator: &s)
    }
    degradation.agePaper(&canvas, pixelScale: Double(size) / 48, generator: &g)
    composed.pixels = canvas.bytes()
    return composed
  }

  /// True with probability `p`, drawn from `stream`; false without drawing when it is nil.
  static func chance(_ stream: inout SeededGenerator?, _ p: Double) -> Bool {
    guard var g = stream else { return false }
    defer { stream = g }
    return g.uniformDouble() < p
  }

  /// The cells an illustration replaces, if the page has one: 1–3 adjacent columns (left
  /// to right) over a third to two thirds of the rows.
  private func illustrationCells(
    _ stream: inout SeededGenerator?, rows: Int
  ) -> (
    columns: Range<Int>, rows: Range<Int>
  )? {
    guard Self.chance(&stream, recipe.layout.illustrations), var g = stream else { return nil }
    defer { stream = g }
    let columns = recipe.columns
    let wide = 1 + g.uniformInt(below: min(3, columns))
    let first = g.uniformInt(below: columns - wide + 1)
    let tall = max(1, rows / 3 + g.uniformInt(below: rows / 3 + 1))
    let top = g.uniformInt(below: rows - tall + 1)
    return (first..<(first + wide), top..<(top + tall))
  }

  func line(_ canvas: inout GlyphCanvas, x: Int, y: Int, w: Int, h: Int) {
    let x0 = max(0, x)
    let x1 = min(canvas.width, x + w)
    let y0 = max(0, y)
    let y1 = min(canvas.height, y + h)
    guard x0 < x1, y0 < y1 else { return }
    for yy in y0..<y1 {
      for xx in x0..<x1 { canvas.ink[yy * canvas.width + xx] = 0.85 }
    }
  }
}
