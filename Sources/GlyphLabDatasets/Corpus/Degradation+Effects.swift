import Foundation
import GlyphLabCore

extension Degradation {
  /// Damages the strokes of a freshly drawn glyph (ink bleed, erosion, uneven inking, broken
  /// strokes). `pixelScale` is the glyph size over 48.
  func damageStrokes(_ canvas: inout GlyphCanvas, pixelScale: Double, generator g: inout SeededGenerator) {
    if unevenInking > 0 {
      let field = canvas.smoothField(cells: 3, generator: &g)
      let depth = Float(unevenInking)
      for i in canvas.ink.indices { canvas.ink[i] *= 1 - depth * field[i] }
    }
    if inkBleed > 0, g.uniformDouble() < inkBleed {
      // Spread: a blurred copy, boosted, keeps the darker value; thickens strokes by ~1 px.
      let radius = max(1, Int((pixelScale * (0.5 + inkBleed)).rounded()))
      let spread = canvas.boxBlurred(radius: radius)
      let gain = Float(1.2 + 1.5 * inkBleed)
      for i in canvas.ink.indices { canvas.ink[i] = max(canvas.ink[i], min(1, spread[i] * gain)) }
    }
    if erosion > 0, g.uniformDouble() < erosion {
      // Thin: ink survives in proportion to how much ink surrounds it.
      let radius = max(1, Int(pixelScale.rounded()))
      let local = canvas.boxBlurred(radius: radius)
      let bite = Float(0.3 + 0.5 * erosion)
      for i in canvas.ink.indices {
        canvas.ink[i] = max(0, min(canvas.ink[i], (local[i] - bite) / (1 - bite) * 1.6))
      }
    }
    if brokenStrokes > 0 {
      let breaks = poisson(brokenStrokes, &g)
      for _ in 0..<breaks {
        // A short paper-coloured gap across a stroke, centred on an inked pixel.
        guard let center = randomInkPixel(canvas, &g) else { break }
        let angle = g.uniformDouble() * .pi
        let length = (1.5 + 2.5 * g.uniformDouble()) * pixelScale
        let half = max(0.6, 0.8 * pixelScale)
        let cx = Double(center % canvas.width)
        let cy = Double(center / canvas.width)
        for step in stride(from: -length / 2, through: length / 2, by: 0.5) {
          canvas.forEachPixel(nearX: cx + cos(angle) * step, y: cy + sin(angle) * step, radius: half) { i, _ in
            canvas.ink[i] = 0
          }
        }
      }
    }
  }

  /// Ages the paper and the scan: texture, stains, holes, blur and noise.
  func agePaper(_ canvas: inout GlyphCanvas, pixelScale: Double, generator g: inout SeededGenerator) {
    if paperTexture > 0 {
      let coarse = canvas.smoothField(cells: max(2, canvas.width / 12), generator: &g)
      let strength = Float(0.12 * paperTexture)
      for i in canvas.ink.indices {
        let grain = g.uniformFloat()
        canvas.ink[i] = max(canvas.ink[i], strength * (0.6 * coarse[i] + 0.4 * grain))
      }
    }
    if stains > 0, g.uniformDouble() < stains {
      let cx = g.uniformDouble() * Double(canvas.width)
      let cy = g.uniformDouble() * Double(canvas.height)
      let radius = (0.15 + 0.35 * g.uniformDouble()) * Double(min(canvas.width, canvas.height))
      let darkness = Float(0.15 + 0.25 * g.uniformDouble())
      canvas.forEachPixel(nearX: cx, y: cy, radius: radius) { i, d in
        let falloff = Float(1 - (d / radius) * (d / radius))
        canvas.ink[i] = min(1, canvas.ink[i] + darkness * falloff)
      }
    }
    if holes > 0, g.uniformDouble() < holes {
      let cx = g.uniformDouble() * Double(canvas.width)
      let cy = g.uniformDouble() * Double(canvas.height)
      let radius = (1.5 + 3 * g.uniformDouble()) * pixelScale
      canvas.forEachPixel(nearX: cx, y: cy, radius: radius) { i, _ in canvas.ink[i] = 0 }
    }
    if blur > 0 { canvas.gaussianBlur(sigma: blur * pixelScale) }
    if noise > 0 {
      let sigma = Float(noise)
      for i in canvas.ink.indices { canvas.ink[i] += sigma * Float(g.normal()) }
    }
  }

  /// A jitter transform and offset for one glyph, drawn from the knobs.
  func jitter(_ g: inout SeededGenerator) -> (rotation: Double, shear: Double, scale: Double, dx: Double, dy: Double) {
    let clip = { (x: Double) in max(-3, min(3, x)) }
    return (
      rotation * clip(g.normal()), shear * clip(g.normal()), max(0.5, 1 + scale * clip(g.normal())),
      offset * (2 * g.uniformDouble() - 1), offset * (2 * g.uniformDouble() - 1)
    )
  }

  private func randomInkPixel(_ canvas: GlyphCanvas, _ g: inout SeededGenerator) -> Int? {
    for _ in 0..<64 {
      let i = g.uniformInt(below: canvas.ink.count)
      if canvas.ink[i] > 0.5 { return i }
    }
    return nil
  }

  private func poisson(_ mean: Double, _ g: inout SeededGenerator) -> Int {
    let limit = exp(-mean)
    var k = 0
    var p = g.uniformDouble()
    while p > limit && k < 50 {
      k += 1
      p *= g.uniformDouble()
    }
    return k
  }
}
