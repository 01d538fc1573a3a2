import Foundation
import GlyphLabCore

extension PageComposer {
  /// An illustration inside `rect`: 2–5 filled, lobed shapes in grey to black, 4–10 brush
  /// lines (smooth random walks, 1–2.5 px at a 48-pixel character) and, on half the pages, a
  /// thin frame. Nothing is drawn outside `rect`.
  func drawIllustration(
    _ canvas: inout GlyphCanvas, in rect: ComposedPage.Rect, scale: Double, generator g: inout SeededGenerator
  ) {
    guard rect.w > 4, rect.h > 4 else { return }
    let x0 = Double(rect.x)
    let y0 = Double(rect.y)
    let rw = Double(rect.w)
    let rh = Double(rect.h)
    let pageWidth = canvas.width
    func inside(_ i: Int) -> Bool {
      let x = i % pageWidth
      let y = i / pageWidth
      return x >= rect.x && x < rect.x + rect.w && y >= rect.y && y < rect.y + rect.h
    }
    for _ in 0..<(2 + g.uniformInt(below: 4)) {
      let cx = x0 + rw * (0.15 + 0.7 * g.uniformDouble())
      let cy = y0 + rh * (0.15 + 0.7 * g.uniformDouble())
      let rx = rw * (0.08 + 0.22 * g.uniformDouble())
      let ry = rh * (0.05 + 0.15 * g.uniformDouble())
      let density = Float(0.35 + 0.6 * g.uniformDouble())
      let lobes = Double(2 + g.uniformInt(below: 4))
      let phase = g.uniformDouble() * 2 * .pi
      let width = canvas.width
      canvas.forEachPixel(nearX: cx, y: cy, radius: max(rx, ry) * 1.3) { i, _ in
        guard inside(i) else { return }
        let dx = (Double(i % width) - cx) / rx
        let dy = (Double(i / width) - cy) / ry
        let r = 1 + 0.25 * sin(lobes * atan2(dy, dx) + phase)
        if dx * dx + dy * dy <= r * r { canvas.ink[i] = max(canvas.ink[i], density) }
      }
    }
    for _ in 0..<(4 + g.uniformInt(below: 7)) {
      var x = x0 + rw * g.uniformDouble()
      var y = y0 + rh * g.uniformDouble()
      var heading = g.uniformDouble() * 2 * .pi
      let radius = (0.5 + 0.75 * g.uniformDouble()) * scale
      let steps = Int((0.5 + 1.5 * g.uniformDouble()) * min(rw, rh))
      for _ in 0..<steps {
        heading += 0.15 * g.normal()
        x += cos(heading)
        y += sin(heading)
        if x < x0 || x >= x0 + rw { heading = .pi - heading }
        if y < y0 || y >= y0 + rh { heading = -heading }
        x = min(x0 + rw - 1, max(x0, x))
        y = min(y0 + rh - 1, max(y0, y))
        canvas.forEachPixel(nearX: x, y: y, radius: radius) { i, _ in
          if inside(i) { canvas.ink[i] = max(canvas.ink[i], 0.9) }
        }
      }
    }
    if g.uniformInt(below: 2) == 0 {
      let t = max(1, Int(1.5 * scale))
      line(&canvas, x: rect.x, y: rect.y, w: rect.w, h: t)
      line(&canvas, x: rect.x, y: rect.y + rect.h - t, w: rect.w, h: t)
      line(&canvas, x: rect.x, y: rect.y, w: t, h: rect.h)
      line(&canvas, x: rect.x + rect.w - t, y: rect.y, w: t, h: rect.h)
    }
  }

  /// A square seal of 1.2–2.2 × `size` anywhere on the page: a frame a tenth of its side
  /// thick and four quarters of rectilinear seal script (3–5 bars each), mottled, in
  /// mid-grey (0.35–0.6 ink density, as a red stamp scans), drawn over whatever is there.
  /// Returns its square.
  func drawSeal(_ canvas: inout GlyphCanvas, size: Int, generator g: inout SeededGenerator) -> ComposedPage.Rect {
    let side = min(min(canvas.width, canvas.height), Int(Double(size) * (1.2 + g.uniformDouble())))
    let sx = g.uniformInt(below: canvas.width - side + 1)
    let sy = g.uniformInt(below: canvas.height - side + 1)
    var mask = [Bool](repeating: false, count: side * side)
    func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int) {
      for yy in max(0, y)..<max(max(0, y), min(side, y + h)) {
        for xx in max(0, x)..<max(max(0, x), min(side, x + w)) { mask[yy * side + xx] = true }
      }
    }
    let t = max(2, side / 10)
    fill(0, 0, side, t)
    fill(0, side - t, side, t)
    fill(0, 0, t, side)
    fill(side - t, 0, t, side)
    let inner = side - 2 * t
    let quarter = max(1, (inner - t) / 2)
    let bar = max(1, t * 2 / 3)
    for q in 0..<4 {
      let qx = t + (q % 2) * (quarter + t / 2) + t / 4
      let qy = t + (q / 2) * (quarter + t / 2) + t / 4
      for _ in 0..<(3 + g.uniformInt(below: 3)) {
        let along = quarter / 3 + g.uniformInt(below: max(1, quarter - quarter / 3))
        let offset = g.uniformInt(below: max(1, quarter - bar))
        let from = g.uniformInt(below: max(1, quarter - along + 1))
        if g.uniformInt(below: 2) == 0 {
          fill(qx + from, qy + offset, along, bar)
        } else {
          fill(qx + offset, qy + from, bar, along)
        }
      }
    }
    let density = 0.35 + 0.25 * g.uniformFloat()
    for y in 0..<side {
      for x in 0..<side where mask[y * side + x] {
        let i = (sy + y) * canvas.width + sx + x
        canvas.ink[i] = max(canvas.ink[i], density * (0.7 + 0.3 * g.uniformFloat()))
      }
    }
    return .init(x: sx, y: sy, w: side, h: side)
  }
}
