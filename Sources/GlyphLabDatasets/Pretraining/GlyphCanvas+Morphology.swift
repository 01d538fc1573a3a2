extension GlyphCanvas {
  /// One pass of grey-level dilation (`grow`) or erosion: every pixel becomes the maximum
  /// (or minimum) of itself and its neighbours, the 4-neighbours (`square` false) or all 8
  /// (`square` true). Outside the canvas counts as paper.
  ///
  /// - Complexity: O(width × height).
  mutating func morphologyPass(grow: Bool, square: Bool) {
    let source = ink
    let w = width
    let h = height
    source.withUnsafeBufferPointer { s in
      ink.withUnsafeMutableBufferPointer { out in
        for y in 0..<h {
          for x in 0..<w {
            var v = s[y * w + x]
            for dy in -1...1 {
              let yy = y + dy
              for dx in -1...1 where (dx != 0 || dy != 0) && (square || dx == 0 || dy == 0) {
                let xx = x + dx
                let n: Float = (xx >= 0 && xx < w && yy >= 0 && yy < h) ? s[yy * w + xx] : 0
                v = grow ? max(v, n) : min(v, n)
              }
            }
            out[y * w + x] = v
          }
        }
      }
    }
  }

  /// Thickens (`pixels` > 0) or thins (`pixels` < 0) the strokes by about `|pixels|` on each
  /// side: whole passes alternate the 4- and 8-neighbourhoods (an octagonal structuring
  /// element), and a fractional remainder blends the last pass in proportion.
  ///
  /// - Complexity: O(width × height × ⌈|pixels|⌉).
  mutating func morph(by pixels: Double) {
    guard pixels != 0 else { return }
    let grow = pixels > 0
    let amount = abs(pixels)
    let whole = Int(amount.rounded(.down))
    let fraction = Float(amount - Double(whole))
    for pass in 0..<whole { morphologyPass(grow: grow, square: pass % 2 == 1) }
    if fraction > 0.01 {
      let before = ink
      morphologyPass(grow: grow, square: whole % 2 == 1)
      for i in ink.indices { ink[i] = before[i] + fraction * (ink[i] - before[i]) }
    }
  }

  /// Resamples the canvas: output pixel (x, y) takes the bilinear sample of the old canvas
  /// at `source(x, y)`; samples outside it are paper.
  ///
  /// - Complexity: O(width × height).
  mutating func resample(_ source: (Int, Int) -> (x: Double, y: Double)) {
    let old = ink
    let w = width
    let h = height
    old.withUnsafeBufferPointer { s in
      ink.withUnsafeMutableBufferPointer { out in
        func at(_ x: Int, _ y: Int) -> Float { (x >= 0 && x < w && y >= 0 && y < h) ? s[y * w + x] : 0 }
        for y in 0..<h {
          for x in 0..<w {
            let p = source(x, y)
            let fx = p.x.rounded(.down)
            let fy = p.y.rounded(.down)
            guard fx > -2, fy > -2, fx < Double(w + 1), fy < Double(h + 1) else {
              out[y * w + x] = 0
              continue
            }
            let x0 = Int(fx)
            let y0 = Int(fy)
            let ax = Float(p.x - fx)
            let ay = Float(p.y - fy)
            let top = at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax
            let bottom = at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax
            out[y * w + x] = top * (1 - ay) + bottom * ay
          }
        }
      }
    }
  }

  /// A canvas holding `pixels` (0 = paper, 255 = full ink) as ink densities.
  init(width: Int, height: Int, bytes pixels: some Collection<UInt8>) {
    self.init(width: width, height: height)
    var i = 0
    for p in pixels {
      ink[i] = Float(p) / 255
      i += 1
    }
  }
}
