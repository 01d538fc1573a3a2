import Foundation
import GlyphLabCore

extension PageComposer {
  /// Darkens paper and ink by `amount` (ink density 0–1): 1 − (1 − ink)(1 − amount).
  @inline(__always) static func darken(_ ink: Float, _ amount: Float) -> Float { 1 - (1 - ink) * (1 - amount) }

  /// Uneven paper tone: a smooth 3 × 3 field and a page-wide level, at most
  /// `scan.paperTone` of ink density.
  func paperTone(_ canvas: inout GlyphCanvas, generator g: inout SeededGenerator) {
    let field = canvas.smoothField(cells: 3, generator: &g)
    let level = g.uniformFloat()
    let depth = Float(recipe.scan.paperTone)
    for i in canvas.ink.indices { canvas.ink[i] = Self.darken(canvas.ink[i], depth * (0.3 * level + 0.7 * field[i])) }
  }

  /// A binding shadow along the left or right edge: darkness falling off quadratically over
  /// `scan.shadowWidth` of the page width, its peak 0.6–1 of `scan.bindingShadow`.
  func bindingShadow(_ canvas: inout GlyphCanvas, generator g: inout SeededGenerator) {
    let onLeft = g.uniformInt(below: 2) == 0
    let width = max(1, recipe.scan.shadowWidth * Double(canvas.width))
    let peak = recipe.scan.bindingShadow * (0.6 + 0.4 * g.uniformDouble())
    for d in 0..<min(canvas.width, Int(width.rounded(.up))) {
      let fall = max(0, 1 - Double(d) / width)
      let amount = Float(peak * fall * fall)
      let x = onLeft ? d : canvas.width - 1 - d
      for y in 0..<canvas.height {
        canvas.ink[y * canvas.width + x] = Self.darken(canvas.ink[y * canvas.width + x], amount)
      }
    }
  }

  /// A dark scan border on some of the four sides (each with probability 0.75, at least
  /// one), each side's width running linearly between two draws in 0.3–1 of
  /// `scan.borderWidth` × margin along it (a sheet scanned askew), with a slight wobble and
  /// a one-pixel soft edge, never wider than `limit` pixels.
  func scanBorder(_ canvas: inout GlyphCanvas, limit: Double, generator g: inout SeededGenerator) {
    let widest = min(limit, recipe.scan.borderWidth * Double(recipe.margin))
    guard widest >= 1 else { return }
    var sides = (0..<4).map { _ in g.uniformDouble() < 0.75 }
    if !sides.contains(true) { sides[g.uniformInt(below: 4)] = true }
    let w = canvas.width
    let h = canvas.height
    for side in 0..<4 where sides[side] {
      let start = widest * (0.3 + 0.7 * g.uniformDouble())
      let end = widest * (0.3 + 0.7 * g.uniformDouble())
      let darkness = Float(0.75 + 0.2 * g.uniformDouble())
      let phase = g.uniformDouble() * 2 * .pi
      let vertical = side < 2
      let length = vertical ? h : w
      for t in 0..<length {
        let along = Double(t) / Double(max(1, length - 1))
        let edge = min(limit, start + (end - start) * along + 0.8 * sin(Double(t) * 0.07 + phase))
        for d in 0..<max(0, min(vertical ? w : h, Int(edge.rounded(.up)) + 1)) {
          let value = Float(max(0, min(1, edge - Double(d)))) * darkness
          let i: Int
          switch side {
          case 0: i = t * w + d
          case 1: i = t * w + (w - 1 - d)
          case 2: i = d * w + t
          default: i = (h - 1 - d) * w + t
          }
          canvas.ink[i] = max(canvas.ink[i], value)
        }
      }
    }
  }
}
