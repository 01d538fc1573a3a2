extension ScanDetector {
  /// The ink of a page after background normalisation, and how many pixels are paper.
  struct Normalised {
    /// 1 = ink, 0 = paper or outside the page, row by row.
    var ink: [UInt8]
    var paperPixels: Int
    /// The page's paper brightness (255 − ink value), the 90th percentile of the background.
    var paperBrightness: Double
  }

  /// Step 1: ink against the local background, inside the paper (see the type's notes).
  ///
  /// - Complexity: O(`width` × `height` + cells × `window`).
  static func normalise(
    _ pixels: [UInt8], width: Int, height: Int, cell: Int, window: Int, paperLevel: Double, margin: Int,
    contrast: Double
  ) -> Normalised {
    // Brightness (255 − ink) averaged over cells.
    let gw = max(1, (width + cell - 1) / cell)
    let gh = max(1, (height + cell - 1) / cell)
    var sums = [Double](repeating: 0, count: gw * gh)
    var counts = [Double](repeating: 0, count: gw * gh)
    for y in 0..<height {
      let gy = y / cell
      for x in 0..<width {
        sums[gy * gw + x / cell] += Double(255 - Int(pixels[y * width + x]))
        counts[gy * gw + x / cell] += 1
      }
    }
    var grid = zip(sums, counts).map { $0 / max(1, $1) }
    // Grey closing (max then min) removes dark strokes narrower than the window; a box
    // mean of half the window smooths the result.
    grid = filter(grid, width: gw, height: gh, radius: window / 2, maximum: true)
    grid = filter(grid, width: gw, height: gh, radius: window / 2, maximum: false)
    grid = boxMean(grid, width: gw, height: gh, radius: max(1, window / 4))
    let sorted = grid.sorted()
    let paper = sorted[min(sorted.count - 1, Int(0.9 * Double(sorted.count)))]
    // The paper: the largest 4-connected region of cells bright enough, shrunk by `margin`.
    let bright = grid.map { $0 >= paperLevel * paper }
    let region = largestRegion(bright, width: gw, height: gh)
    var ink = [UInt8](repeating: 0, count: width * height)
    var paperPixels = 0
    let marginCells = (margin + cell - 1) / cell
    let inside = shrink(region, width: gw, height: gh, by: marginCells)
    for y in 0..<height {
      let gy = y / cell
      for x in 0..<width {
        let g = gy * gw + x / cell
        guard inside[g] else { continue }
        paperPixels += 1
        let background = grid[g]
        let brightness = Double(255 - Int(pixels[y * width + x]))
        if background - brightness > contrast * max(1, background) { ink[y * width + x] = 1 }
      }
    }
    return Normalised(ink: ink, paperPixels: paperPixels, paperBrightness: paper)
  }

  /// A running maximum or minimum over a (2 `radius` + 1)² square, separably.
  static func filter(_ values: [Double], width: Int, height: Int, radius: Int, maximum: Bool) -> [Double] {
    guard radius > 0 else { return values }
    var rows = values
    for y in 0..<height {
      for x in 0..<width {
        var best = values[y * width + x]
        for k in max(0, x - radius)...min(width - 1, x + radius) {
          let v = values[y * width + k]
          best = maximum ? max(best, v) : min(best, v)
        }
        rows[y * width + x] = best
      }
    }
    var out = rows
    for y in 0..<height {
      for x in 0..<width {
        var best = rows[y * width + x]
        for k in max(0, y - radius)...min(height - 1, y + radius) {
          let v = rows[k * width + x]
          best = maximum ? max(best, v) : min(best, v)
        }
        out[y * width + x] = best
      }
    }
    return out
  }

  /// The mean over a (2 `radius` + 1)² square clipped to the grid.
  static func boxMean(_ values: [Double], width: Int, height: Int, radius: Int) -> [Double] {
    var out = values
    for y in 0..<height {
      for x in 0..<width {
        var sum = 0.0
        var n = 0.0
        for yy in max(0, y - radius)...min(height - 1, y + radius) {
          for xx in max(0, x - radius)...min(width - 1, x + radius) {
            sum += values[yy * width + xx]
            n += 1
          }
        }
        out[y * width + x] = sum / n
      }
    }
    return out
  }

  /// The largest 4-connected region of `true` cells.
  static func largestRegion(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
    var label = [Int32](repeating: -1, count: mask.count)
    var best = -1
    var bestSize = 0
    var next: Int32 = 0
    var stack: [Int] = []
    for start in mask.indices where mask[start] && label[start] < 0 {
      var size = 0
      label[start] = next
      stack.append(start)
      while let i = stack.popLast() {
        size += 1
        let x = i % width
        let y = i / width
        for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
        where nx >= 0 && nx < width && ny >= 0 && ny < height {
          let j = ny * width + nx
          if mask[j] && label[j] < 0 {
            label[j] = next
            stack.append(j)
          }
        }
      }
      if size > bestSize {
        bestSize = size
        best = Int(next)
      }
      next += 1
    }
    return label.map { Int($0) == best && best >= 0 }
  }

  /// `mask` eroded by `cells` (a square), treating outside the grid as not set.
  static func shrink(_ mask: [Bool], width: Int, height: Int, by cells: Int) -> [Bool] {
    guard cells > 0 else { return mask }
    let values = mask.map { $0 ? 1.0 : 0.0 }
    let eroded = filter(values, width: width, height: height, radius: cells, maximum: false)
    var out = eroded.map { $0 > 0.5 }
    // The grid's own edge counts as outside.
    for y in 0..<height {
      for x in 0..<width where x < cells || y < cells || x >= width - cells || y >= height - cells {
        out[y * width + x] = false
      }
    }
    return out
  }

  /// Step 2: erases vertical and horizontal ink runs at least `length` long, and a
  /// one-pixel margin around them; returns where the rules were (horizontal runs, then
  /// vertical ones; `true` = a rule pixel).
  ///
  /// - Complexity: O(`width` × `height`).
  @discardableResult
  static func eraseRules(
    _ ink: inout [UInt8], width: Int, height: Int, length: Int
  ) -> (horizontal: [Bool], vertical: [Bool]) {
    var rule = [Bool](repeating: false, count: ink.count)
    for y in 0..<height {
      var x = 0
      while x < width {
        guard ink[y * width + x] != 0 else {
          x += 1
          continue
        }
        let start = x
        while x < width && ink[y * width + x] != 0 { x += 1 }
        if x - start >= length { for k in start..<x { rule[y * width + k] = true } }
      }
    }
    let horizontal = rule
    for x in 0..<width {
      var y = 0
      while y < height {
        guard ink[y * width + x] != 0 else {
          y += 1
          continue
        }
        let start = y
        while y < height && ink[y * width + x] != 0 { y += 1 }
        if y - start >= length { for k in start..<y { rule[k * width + x] = true } }
      }
    }
    for y in 0..<height {
      for x in 0..<width where rule[y * width + x] {
        for yy in max(0, y - 1)...min(height - 1, y + 1) {
          for xx in max(0, x - 1)...min(width - 1, x + 1) { ink[yy * width + xx] = 0 }
        }
      }
    }
    let vertical = zip(rule, horizontal).map { $0 && !$1 }
    return (horizontal, vertical)
  }
}
