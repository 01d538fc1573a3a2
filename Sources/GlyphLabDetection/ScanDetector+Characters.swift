extension ScanDetector {
  /// The area-weighted median width of components at least 20 pixels in area and
  /// narrower than `limit`; nil without any.
  static func typicalWidth(_ components: ConnectedComponents, limit: Int) -> Int? {
    let chosen = (0..<components.count).filter { components.areas[$0] >= 20 && components.boxes[$0].width < limit }
    guard !chosen.isEmpty else { return nil }
    let sorted = chosen.sorted { (components.boxes[$0].width, $0) < (components.boxes[$1].width, $1) }
    let total = chosen.reduce(0) { $0 + components.areas[$1] }
    var running = 0
    for c in sorted {
      running += components.areas[c]
      if 2 * running >= total { return components.boxes[c].width }
    }
    return components.boxes[sorted[sorted.count - 1]].width
  }

  /// Step 3's scale: the median longer side of character-like components (see the type's
  /// notes), or the typical width when fewer than five look like characters.
  static func characterSize(_ components: ConnectedComponents, limit: Int) -> Double? {
    guard let typical = typicalWidth(components, limit: limit) else { return nil }
    let floor = 0.6 * Double(typical)
    var sides: [Double] = []
    for c in 0..<components.count where components.areas[c] >= 20 {
      let box = components.boxes[c]
      let w = Double(box.width)
      let h = Double(box.height)
      if w >= floor && h >= floor && h <= 1.6 * w && w <= 1.6 * h && box.width < limit { sides.append(max(w, h)) }
    }
    guard sides.count >= 5 else { return Double(typical) }
    return PageDetector.median(sides)
  }

  /// Step 3's filter: the components that may be text.
  func keptComponents(_ components: ConnectedComponents, size: Double) -> [Int] {
    let smallest = max(8, Int((0.08 * size) * (0.08 * size)))
    return (0..<components.count).filter { c in
      let box = components.boxes[c]
      let w = Double(box.width)
      let h = Double(box.height)
      guard components.areas[c] >= smallest, w <= maximumWidth * size else { return false }
      if w * h > 9 * size * size && Double(components.areas[c]) > 0.25 * w * h { return false }  // seals, blots
      if w <= 0.15 * size && h >= 0.8 * size { return false }  // slivers of erased rules
      if h <= 0.1 * size && w >= 1.2 * size { return false }
      return true
    }
  }

  /// Step 4: the components of each column, columns right to left.
  func columnGroups(_ kept: [Int], components: ConnectedComponents, size: Double) -> [[Int]] {
    let boxes = components.boxes
    let main = kept.filter { Double(max(boxes[$0].width, boxes[$0].height)) >= mainSize * size }
    let byLeft = main.sorted { (boxes[$0].x, $0) < (boxes[$1].x, $1) }
    var parent = Array(0..<byLeft.count)
    func find(_ a: Int) -> Int {
      var a = a
      while parent[a] != a {
        parent[a] = parent[parent[a]]
        a = parent[a]
      }
      return a
    }
    for i in byLeft.indices {
      let a = boxes[byLeft[i]]
      for j in (i + 1)..<byLeft.count {
        let b = boxes[byLeft[j]]
        if b.x > a.maxX { break }
        let overlap = min(a.maxX, b.maxX) - max(a.x, b.x)
        guard Double(overlap) >= columnOverlap * Double(min(a.width, b.width)) else { continue }
        let gap = max(a.y, b.y) - min(a.maxY, b.maxY)
        guard Double(gap) <= columnGap * size else { continue }
        let (ra, rb) = (find(i), find(j))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
      }
    }
    var groupOf: [Int: Int] = [:]
    var groups: [[Int]] = []
    for i in byLeft.indices {
      let root = find(i)
      if let g = groupOf[root] {
        groups[g].append(byLeft[i])
      } else {
        groupOf[root] = groups.count
        groups.append([byLeft[i]])
      }
    }
    var extents = groups.map { $0.reduce(boxes[$0[0]]) { $0.union(boxes[$1]) } }
    // Parts of one character side by side (糸 and 田 of 細) may overlap nothing above or
    // below them as much as the whole column does: chains whose extents overlap
    // horizontally by half the narrower and meet vertically are one column, and so are
    // chains side by side that overlap vertically by half the shorter and together are no
    // wider than `sideBySideWidth` character sizes.
    var merging = true
    while merging {
      merging = false
      search: for a in groups.indices {
        for b in groups.indices where b > a {
          let (ea, eb) = (extents[a], extents[b])
          let overlap = min(ea.maxX, eb.maxX) - max(ea.x, eb.x)
          let gap = max(ea.y, eb.y) - min(ea.maxY, eb.maxY)
          let sideBySide =
            2 * (-gap) >= min(ea.height, eb.height) && Double(ea.union(eb).width) <= sideBySideWidth * size
            && Double(min(ea.height, eb.height)) <= sideBySideHeight * size
          guard (2 * overlap >= min(ea.width, eb.width) && Double(gap) <= columnGap * size) || sideBySide else {
            continue
          }
          groups[a] += groups[b]
          extents[a] = ea.union(eb)
          groups.remove(at: b)
          extents.remove(at: b)
          merging = true
          break search
        }
      }
    }
    let mainSet = Set(main)
    for c in kept where !mainSet.contains(c) {
      let (cx, cy) = boxes[c].center
      let reach = 0.5 * size
      if let g = extents.indices.first(where: {
        cx >= Double(extents[$0].x) && cx <= Double(extents[$0].maxX) && cy >= Double(extents[$0].y) - reach
          && cy <= Double(extents[$0].maxY) + reach
      }) {
        groups[g].append(c)
      }
    }
    // Reading order: right to left by the columns' right edges, then top to bottom.
    let order = groups.indices.sorted {
      (-extents[$0].maxX, extents[$0].y, $0) < (-extents[$1].maxX, extents[$1].y, $1)
    }
    return order.map { groups[$0] }
  }

  /// Step 5: one column's characters, top to bottom.
  ///
  /// - Parameters:
  ///   - column: this column's index in `owner`, the column of each component (−1 for none).
  ///   - labels: the page's label image (0 = paper, `c + 1` = component `c`).
  func characters(
    members: [Int], column: Int32, owner: [Int32], components: ConnectedComponents, labels: [Int32], width: Int,
    size: Double
  ) -> [PixelBox] {
    guard !members.isEmpty else { return [] }
    let extent = members.reduce(components.boxes[members[0]]) { $0.union(components.boxes[$1]) }
    // The column's own scale: its width, when a long column (at least 2.5 character sizes)
    // is clearly narrower than the page's character size (under 0.8 of it: columns of
    // small kana), down to half of it.
    let columnWidth = Double(extent.width)
    let long = Double(extent.height) >= 2.5 * size
    let pageSize = size
    let size = localScale && long && columnWidth < 0.8 * size ? max(0.5 * size, columnWidth) : size
    func mine(_ label: Int32) -> Bool { label != 0 && owner[Int(label) - 1] == column }
    // Ink of this column's components per row, and per row the ink's horizontal extent.
    var profile = [Int](repeating: 0, count: extent.height)
    for y in 0..<extent.height {
      let row = (extent.y + y) * width
      for x in extent.x..<extent.maxX where mine(labels[row + x]) {
        profile[y] += 1
      }
    }
    let pieces: [(Int, Int)]
    switch cutting {
    case .blocks: pieces = blockCuts(profile, size: size)
    case .dynamic:
      // The column's pitch: a quantile of its rows' ink widths.
      var rowWidths: [Double] = []
      for y in 0..<extent.height where profile[y] > 0 {
        let row = (extent.y + y) * width
        var x0 = Int.max
        var x1 = Int.min
        for x in extent.x..<extent.maxX where mine(labels[row + x]) {
          x0 = min(x0, x)
          x1 = max(x1, x)
        }
        rowWidths.append(Double(x1 - x0 + 1))
      }
      rowWidths.sort()
      let q =
        rowWidths.isEmpty ? size : rowWidths[min(rowWidths.count - 1, Int(pitchQuantile * Double(rowWidths.count)))]
      pieces = dynamicCuts(profile, pitch: min(1.2 * pageSize, max(0.5 * pageSize, q)))
    }
    // Each piece's box: the bounding box of its ink.
    let leastInk = minimumInk * size * size
    var out: [PixelBox] = []
    for piece in pieces {
      var ink = 0
      var x0 = Int.max
      var x1 = Int.min
      var y0 = Int.max
      var y1 = Int.min
      for y in piece.0..<piece.1 {
        let row = (extent.y + y) * width
        for x in extent.x..<extent.maxX where mine(labels[row + x]) {
          ink += 1
          x0 = min(x0, x)
          x1 = max(x1, x)
          y0 = min(y0, y)
          y1 = max(y1, y)
        }
      }
      guard Double(ink) >= leastInk, ink > 0 else { continue }
      out.append(PixelBox(x0: x0, y0: extent.y + y0, x1: x1 + 1, y1: extent.y + y1 + 1))
    }
    return out
  }

  /// Step 5 by blocks: rows of ink cut into blocks, small blocks merged, tall blocks split
  /// at the smoothed profile's minima (see the type's notes).
  func blockCuts(_ profile: [Int], size: Double) -> [(Int, Int)] {
    var blocks: [(Int, Int)] = []
    var y = 0
    while y < profile.count {
      guard profile[y] > 0 else {
        y += 1
        continue
      }
      let start = y
      while y < profile.count && profile[y] > 0 { y += 1 }
      blocks.append((start, y))
    }
    let limit = mergeHeight * size
    var merged: [(Int, Int)] = []
    for block in blocks {
      if let last = merged.last, Double(block.0 - last.1) < 0.12 * size, Double(block.1 - last.0) <= limit {
        merged[merged.count - 1].1 = block.1
      } else {
        merged.append(block)
      }
    }
    // Small blocks join the neighbour that gives the shorter result, if it fits.
    var changed = true
    while changed {
      changed = false
      for k in merged.indices where Double(merged[k].1 - merged[k].0) < 0.45 * size {
        var best: (index: Int, height: Int)?
        for j in [k - 1, k + 1] where j >= 0 && j < merged.count {
          let height = max(merged[k].1, merged[j].1) - min(merged[k].0, merged[j].0)
          if Double(height) <= limit && (best == nil || height < best?.height ?? .max) { best = (j, height) }
        }
        if let best {
          let j = best.index
          merged[j] = (min(merged[k].0, merged[j].0), max(merged[k].1, merged[j].1))
          merged.remove(at: k)
          changed = true
          break
        }
      }
    }
    // Tall blocks are touching characters: cut at the smoothed profile's minima.
    var smooth = [Double](repeating: 0, count: profile.count)
    for i in profile.indices {
      var sum = 0
      for k in max(0, i - 2)...min(profile.count - 1, i + 2) { sum += profile[k] }
      smooth[i] = Double(sum) / 5
    }
    var pieces: [(Int, Int)] = []
    for block in merged {
      let height = Double(block.1 - block.0)
      guard height > splitHeight * size else {
        pieces.append(block)
        continue
      }
      let parts = max(2, Int((height / size).rounded()))
      var cuts = [block.0]
      for m in 1..<parts {
        let centre = Double(block.0) + height * Double(m) / Double(parts)
        let reach = 0.3 * height / Double(parts)
        let lo = max((cuts.last ?? block.0) + 1, Int(centre - reach))
        let hi = min(block.1 - 1, Int(centre + reach))
        guard hi > lo else { continue }
        var best = lo
        for i in lo..<hi where smooth[i] < smooth[best] { best = i }
        cuts.append(best)
      }
      cuts.append(block.1)
      for i in 0..<(cuts.count - 1) where cuts[i + 1] > cuts[i] { pieces.append((cuts[i], cuts[i + 1])) }
    }
    return pieces
  }
}
