import GlyphLabCore
import GlyphLabImaging

/// Draws planned glyphs: FreeType renders the character under a jitter transform, the ink is
/// centred in its cell with an offset, the strokes are damaged and, for single-glyph images,
/// the paper is aged. One rasterizer per worker thread (it owns FreeType faces).
final class CorpusRasterizer {
  let renderer: GlyphRenderer
  let degradation: Degradation
  let glyphScale: Double

  init(fonts: [FontFace], degradation: Degradation, glyphScale: Double) throws {
    renderer = try GlyphRenderer(fonts: fonts)
    self.degradation = degradation
    self.glyphScale = glyphScale
  }

  /// A `size × size` canvas holding `glyph`, damaged as the knobs say. `agePaper` adds the
  /// paper and scan effects (single-glyph images); pages age the whole page instead.
  func draw(
    _ glyph: CorpusPlan.Glyph, size: Int, agePaper: Bool, generator g: inout SeededGenerator
  )
    -> GlyphCanvas
  {
    var canvas = GlyphCanvas(width: size, height: size)
    let pixelScale = Double(size) / 48
    let j = degradation.jitter(&g)
    let transform = GlyphRenderer.Transform.jitter(rotationDegrees: j.rotation, shear: j.shear, scale: j.scale)
    let pixelSize = max(4, Int((Double(size) * glyphScale).rounded()))
    if let bitmap = renderer.render(glyph.drawn, font: Int(glyph.font), pixelSize: pixelSize, transform: transform),
      let box = Self.inkBox(bitmap)
    {
      // Centre the ink, then shift by the offset jitter.
      let x = (size - box.w) / 2 - box.x + Int((j.dx * Double(size)).rounded())
      let y = (size - box.h) / 2 - box.y + Int((j.dy * Double(size)).rounded())
      canvas.draw(coverage: bitmap.coverage, width: bitmap.width, height: bitmap.height, x: x, y: y)
    }
    degradation.damageStrokes(&canvas, pixelScale: pixelScale, generator: &g)
    if agePaper { degradation.agePaper(&canvas, pixelScale: pixelScale, generator: &g) }
    return canvas
  }

  static func inkBox(_ b: GlyphRenderer.Bitmap) -> (x: Int, y: Int, w: Int, h: Int)? {
    var minX = b.width
    var minY = b.height
    var maxX = -1
    var maxY = -1
    for y in 0..<b.height {
      for x in 0..<b.width where b.coverage[y * b.width + x] > 0 {
        minX = min(minX, x)
        maxX = max(maxX, x)
        minY = min(minY, y)
        maxY = max(maxY, y)
      }
    }
    return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
  }
}
