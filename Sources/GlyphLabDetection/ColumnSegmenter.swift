import GlyphLabCore

/// Finds the ruling lines and the text columns of a vertical page.
///
/// Ruling lines (the border and the lines between columns of woodblock-printed books) are
/// long, thin runs of ink: a vertical rule is a band of adjacent pixel columns each holding
/// an ink run at least ``minimumRuleLength`` of the page height long, allowing breaks of
/// ``ruleGap``; a horizontal rule is the same along rows, looked for once the vertical rules
/// are gone (so text strokes touching them cannot join up). Characters never make such runs.
/// The rules are grown over their blurred fringe and erased before the columns are found.
///
/// Columns come from the vertical projection profile of the characters' ink (ink pixels per
/// page column, from components that survived the noise filter): the maximal runs of page
/// columns with more ink than ``profileFloor`` of the mean are column candidates; neighbours
/// separated by a gap narrower than ``minimumGapFraction`` of the pitch, with no vertical
/// rule in the gap, are one column (a character's inner white space is not a column break);
/// with the pitch known, a candidate much wider than a character is split at profile minima
/// (columns run together where their rule is missing); candidates much narrower than the
/// pitch are dropped (specks in the margins).
///
/// Nothing about the layout (number of columns, margins, cell size) is assumed: all of it is
/// read from the pixels.
public struct ColumnSegmenter: Sendable, Equatable {
  /// The shortest rule, as a fraction of the page height (vertical rules) or width
  /// (horizontal rules). Default 0.5: rules span the text block, characters never half the
  /// page.
  public var minimumRuleLength: Double
  /// The longest break that does not end a rule, as a fraction of the page height (vertical
  /// rules) or width (horizontal), at least 3 pixels (default 0.01: noise, worm holes, faint
  /// stretches).
  public var ruleGap: Double
  /// The longest break in a rule is also at most this fraction of the typical character
  /// height (default 0.2): on a large page, breaks as long as the gaps between characters
  /// would chain the strokes of a column into a "rule".
  public var ruleGapPerCharacter: Double
  /// The thickest rule, as a fraction of its length; thicker bands of long runs are solid
  /// ink, not rules, and are left alone. Default 0.04.
  public var maximumRuleThickness: Double
  /// Pixels erased around each rule beyond its ink (default 1, the blur's fringe).
  public var rulePadding: Int
  /// A gap in the profile narrower than this fraction of the pitch (or of the median column
  /// width), with no rule in it, does not separate columns (default 0.1).
  public var minimumGapFraction: Double
  /// Page columns whose ink is at most this fraction of the mean over inked page columns
  /// are gaps (default 0.05: noise between the text columns).
  public var profileFloor: Double
  /// How much wider than the pitch a column may be before it is split, as a fraction
  /// (default 0.5).
  public var splitTolerance: Double
  /// A column candidate narrower than this fraction of the pitch (or of the median column
  /// width) is dropped (default 0.25).
  public var minimumColumnFraction: Double

  /// A segmenter; see each property for its meaning and default.
  public init(
    minimumRuleLength: Double = 0.5, ruleGap: Double = 0.01, ruleGapPerCharacter: Double = 0.2,
    maximumRuleThickness: Double = 0.04, rulePadding: Int = 1,
    minimumGapFraction: Double = 0.1, profileFloor: Double = 0.05, splitTolerance: Double = 0.5,
    minimumColumnFraction: Double = 0.25
  ) {
    self.splitTolerance = splitTolerance
    self.profileFloor = profileFloor
    self.minimumRuleLength = minimumRuleLength
    self.ruleGap = ruleGap
    self.ruleGapPerCharacter = ruleGapPerCharacter
    self.maximumRuleThickness = maximumRuleThickness
    self.rulePadding = rulePadding
    self.minimumGapFraction = minimumGapFraction
    self.minimumColumnFraction = minimumColumnFraction
  }

  /// Throws naming the first parameter out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Double, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "ColumnSegmenter", name: name, value: "\(value)", reason: reason)
    }
    for (name, value) in [
      ("minimumRuleLength", minimumRuleLength), ("ruleGap", ruleGap), ("maximumRuleThickness", maximumRuleThickness),
      ("minimumGapFraction", minimumGapFraction), ("profileFloor", profileFloor),
      ("minimumColumnFraction", minimumColumnFraction),
    ] where !(value.isFinite && value >= 0 && value <= 1) {
      throw fail(name, value, "must be in [0, 1]")
    }
    guard ruleGapPerCharacter.isFinite, ruleGapPerCharacter >= 0 else {
      throw fail("ruleGapPerCharacter", ruleGapPerCharacter, "must be ≥ 0")
    }
    guard splitTolerance.isFinite, splitTolerance >= 0 else {
      throw fail("splitTolerance", splitTolerance, "must be ≥ 0")
    }
    guard rulePadding >= 0, rulePadding <= 1000 else {
      throw fail("rulePadding", Double(rulePadding), "must be in 0...1000")
    }
  }

  /// The ruling lines of a page, as the boxes to erase (grown over their fringe and padded).
  ///
  /// - Complexity: O(ink pixels + `width` + `height`) plus O(rule length × log runs) to grow
  ///   each rule over its fringe.
  public func rules(in runs: InkRuns) -> (vertical: [PixelBox], horizontal: [PixelBox]) {
    guard runs.width > 0, runs.height > 0, runs.count > 0 else { return ([], []) }
    let page = PixelBox(x: 0, y: 0, width: runs.width, height: runs.height)
    let size = Self.characterHeight(runs)
    let vertical = bands(
      verticalSegments(runs, characterHeight: size), length: runs.height, vertical: true
    ).map { grown($0, vertical: true, runs: runs).expanded(dx: rulePadding, dy: rulePadding, within: page) }
    // Horizontal rules are looked for once the vertical ones are gone, so that text strokes
    // touching the vertical rules do not join into a long horizontal run.
    let open = runs.erasing(vertical)
    let horizontal = bands(
      horizontalSegments(open, bridging: vertical, characterHeight: size), length: runs.width, vertical: false
    ).map { grown($0, vertical: false, runs: open).expanded(dx: rulePadding, dy: rulePadding, within: page) }
    return (vertical, horizontal)
  }

  /// The text columns, right to left (reading order), each spanning its ink's rows.
  ///
  /// - Parameters:
  ///   - runs: the page with its rules erased.
  ///   - components: its connected components.
  ///   - kept: the components that are characters' ink (noise filtered out).
  ///   - verticalRules: rule boxes; a gap holding one always separates columns.
  ///   - pitch: the character pitch if known (else 0). A column is about one character wide,
  ///     so a column wider than (1 + ``splitTolerance``) × pitch is several columns run
  ///     together (unruled, or its rules too faint to find): it is cut into
  ///     `round(width / pitch)` columns at the profile's minima near even positions. Without a
  ///     pitch, the median column width stands in for it in the gap and width tests.
  /// - Complexity: O(runs + `width` + kept components × columns).
  public func columns(
    runs: InkRuns, components: ConnectedComponents, kept: [Int], verticalRules: [PixelBox], pitch: Double = 0
  ) -> [PixelBox] {
    guard runs.width > 0, !kept.isEmpty else { return [] }
    // An unusable pitch is no pitch.
    let pitch = pitch.isFinite && pitch >= 1 && pitch < 1e9 ? pitch : 0
    // Vertical projection profile of the kept ink, by a difference array over runs.
    var difference = [Int](repeating: 0, count: runs.width + 1)
    for c in kept {
      for r in components.runs(of: c) {
        difference[Int(runs.starts[Int(r)])] += 1
        difference[Int(runs.ends[Int(r)])] -= 1
      }
    }
    var profile = [Int](repeating: 0, count: runs.width)
    var level = 0
    for x in 0..<runs.width {
      level += difference[x]
      profile[x] = level
    }
    // Noise left in the gaps is a small fraction of a text column's ink.
    let positive = profile.filter { $0 > 0 }
    let floor = max(0, Int(profileFloor * Double(positive.reduce(0, +)) / Double(max(1, positive.count))))
    var intervals: [(Int, Int)] = []
    var open = -1
    for x in 0...runs.width {
      let inked = x < runs.width && profile[x] > floor
      if inked && open < 0 { open = x }
      if !inked && open >= 0 {
        intervals.append((open, x))
        open = -1
      }
    }
    guard !intervals.isEmpty else { return [] }
    // Merge across narrow gaps that hold no rule.
    let scale = pitch > 0 ? pitch : Self.median(intervals.map { $0.1 - $0.0 })
    var merged: [(Int, Int)] = [intervals[0]]
    for interval in intervals.dropFirst() {
      let last = merged[merged.count - 1]
      let gap = interval.0 - last.1
      let ruled = verticalRules.contains { $0.x < interval.0 && $0.maxX > last.1 }
      if !ruled && Double(gap) < minimumGapFraction * scale {
        merged[merged.count - 1].1 = interval.1
      } else {
        merged.append(interval)
      }
    }
    // Split columns run together.
    if pitch > 0 {
      merged = merged.flatMap { interval -> [(Int, Int)] in
        let width = interval.1 - interval.0
        guard Double(width) > (1 + splitTolerance) * pitch else { return [interval] }
        let parts = max(2, Int((Double(width) / pitch).rounded()))
        let window = max(1, Int(0.25 * pitch))
        var cuts = [interval.0]
        for k in 1..<parts {
          let target = interval.0 + Int((Double(k * width) / Double(parts)).rounded())
          let lo = max(cuts[cuts.count - 1] + 1, target - window)
          let hi = min(interval.1 - 1, target + window)
          guard lo <= hi else { continue }
          var best = min(max(target, lo), hi)
          for x in lo...hi
          where profile[x] < profile[best] || (profile[x] == profile[best] && abs(x - target) < abs(best - target)) {
            best = x
          }
          cuts.append(best)
        }
        cuts.append(interval.1)
        return (0..<(cuts.count - 1)).map { (cuts[$0], cuts[$0 + 1]) }
      }
    }
    let width = pitch > 0 ? pitch : Self.median(merged.map { $0.1 - $0.0 })
    let columns = merged.filter { Double($0.1 - $0.0) >= minimumColumnFraction * width }
    // Each column's rows: the extent of the kept ink within its page columns.
    var top = [Int](repeating: Int.max, count: columns.count)
    var bottom = [Int](repeating: Int.min, count: columns.count)
    for c in kept {
      for r in components.runs(of: c) {
        let (s, e) = (Int(runs.starts[Int(r)]), Int(runs.ends[Int(r)]))
        // The first column ending after s (columns are sorted and disjoint).
        var lo = 0
        var hi = columns.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if columns[mid].1 <= s { lo = mid + 1 } else { hi = mid }
        }
        guard lo < columns.count, columns[lo].0 < e else { continue }
        let y = runs.row(ofRun: Int(r))
        var k = lo
        while k < columns.count && columns[k].0 < e {
          top[k] = min(top[k], y)
          bottom[k] = max(bottom[k], y + 1)
          k += 1
        }
      }
    }
    return columns.indices.reversed().compactMap { k in
      top[k] == Int.max ? nil : PixelBox(x0: columns[k].0, y0: top[k], x1: columns[k].1, y1: bottom[k])
    }
  }

  /// Vertical one-pixel cuts between neighbouring columns (given right to left), midway
  /// between them: erased, they part characters of neighbouring columns that touch.
  public static func cuts(between columns: [PixelBox], height: Int) -> [PixelBox] {
    guard columns.count >= 2 else { return [] }
    return (1..<columns.count).map { k in
      let (right, left) = (columns[k - 1], columns[k])
      let x = min(right.x, max(left.maxX, (left.maxX + right.x) / 2))
      return PixelBox(x: x, y: 0, width: 1, height: height)
    }
  }

  /// Long vertical ink segments (x, y0, y1), allowing breaks of up to ``ruleGap`` pixels. A
  /// pixel counts as ink when it or a horizontal neighbour is (a rule is thicker than one
  /// pixel, so noise rarely breaks all of it at once).
  private func verticalSegments(_ runs: InkRuns, characterHeight: Double) -> [PixelBox] {
    let length = max(2, Int((minimumRuleLength / 4 * Double(runs.height)).rounded(.up)))
    let gap = breakLimit(Double(runs.height), characterHeight)
    var start = [Int](repeating: 0, count: runs.width)
    var last = [Int](repeating: Int.min / 2, count: runs.width)
    var segments: [PixelBox] = []
    for y in 0..<runs.height {
      for r in runs.runs(inRow: y) {
        for x in max(0, Int(runs.starts[r]) - 1)..<min(runs.width, Int(runs.ends[r]) + 1) where last[x] != y {
          if y - last[x] - 1 > gap {
            if last[x] - start[x] + 1 >= length {
              segments.append(PixelBox(x: x, y: start[x], width: 1, height: last[x] - start[x] + 1))
            }
            start[x] = y
          }
          last[x] = y
        }
      }
    }
    for x in 0..<runs.width where last[x] - start[x] + 1 >= length {
      segments.append(PixelBox(x: x, y: start[x], width: 1, height: last[x] - start[x] + 1))
    }
    return segments
  }

  /// Long horizontal ink segments, allowing breaks of up to ``ruleGap`` pixels; a pixel
  /// counts as ink when it or a vertical neighbour is. A break that is exactly an erased
  /// vertical rule (ink touching it on both sides, within a pixel) does not count: the
  /// border runs through the vertical rules.
  private func horizontalSegments(_ runs: InkRuns, bridging rules: [PixelBox], characterHeight: Double) -> [PixelBox] {
    let length = max(2, Int((minimumRuleLength / 4 * Double(runs.width)).rounded(.up)))
    let gap = breakLimit(Double(runs.width), characterHeight)
    var segments: [PixelBox] = []
    var intervals: [(Int, Int)] = []
    for y in 0..<runs.height {
      intervals.removeAll(keepingCapacity: true)
      for row in max(0, y - 1)...min(runs.height - 1, y + 1) {
        for r in runs.runs(inRow: row) { intervals.append((Int(runs.starts[r]), Int(runs.ends[r]))) }
      }
      guard !intervals.isEmpty else { continue }
      intervals.sort { $0.0 < $1.0 }
      var s = intervals[0].0
      var e = intervals[0].1
      for (rs, re) in intervals.dropFirst() {
        let bridged = rules.contains { $0.y <= y && y < $0.maxY && $0.x <= e + 1 && $0.maxX >= rs - 1 }
        if rs - e <= gap || bridged {
          e = max(e, re)
        } else {
          if e - s >= length { segments.append(PixelBox(x: s, y: y, width: e - s, height: 1)) }
          s = rs
          e = re
        }
      }
      if e - s >= length { segments.append(PixelBox(x: s, y: y, width: e - s, height: 1)) }
    }
    return segments
  }

  /// The longest break in a rule: ``ruleGap`` of the page side, at most
  /// ``ruleGapPerCharacter`` of the typical character height, at least 3 pixels.
  private func breakLimit(_ side: Double, _ characterHeight: Double) -> Int {
    max(3, Int(min(ruleGap * side, ruleGapPerCharacter * characterHeight)))
  }

  /// The area-weighted median height of the ink's connected components that are not long
  /// lines (less than a quarter of the page's height and width): the typical character's
  /// main part, before any rule is known.
  static func characterHeight(_ runs: InkRuns) -> Double {
    guard let components = try? ConnectedComponents(runs: runs) else { return .infinity }
    let short = (0..<components.count).filter {
      4 * components.boxes[$0].height < runs.height && 4 * components.boxes[$0].width < runs.width
    }
    return components.medianHeight(weightedByArea: short).map(Double.init) ?? .infinity
  }

  /// Groups one-pixel-thick segments into rules: segments at least ``minimumRuleLength`` of
  /// the page side `length` long, in adjacent pixel columns (rows) and overlapping along the
  /// rule, make a band; shorter segments (a quarter of that or more) in line with a band —
  /// within a pixel across it — continue it past breaks too long to bridge (a stain, a
  /// faded stretch). Bands thicker than ``maximumRuleThickness`` of their length are
  /// dropped.
  private func bands(_ segments: [PixelBox], length: Int, vertical: Bool) -> [PixelBox] {
    // Across the rule (x for vertical rules) and along it (y).
    let across = { (b: PixelBox) in vertical ? (b.x, b.maxX) : (b.y, b.maxY) }
    let along = { (b: PixelBox) in vertical ? (b.y, b.maxY) : (b.x, b.maxX) }
    let strong = Double(length) * minimumRuleLength
    let long = { (b: PixelBox) in Double(along(b).1 - along(b).0) >= strong }
    let sorted = segments.sorted {
      across($0).0 < across($1).0 || (across($0).0 == across($1).0 && along($0).0 < along($1).0)
    }
    var bands: [PixelBox] = []
    for segment in sorted where long(segment) {
      let (a0, _) = across(segment)
      let (s0, s1) = along(segment)
      if let k = bands.lastIndex(where: { band in
        let (b0, b1) = along(band)
        return across(band).1 >= a0 && s0 < b1 && b0 < s1
      }) {
        bands[k] = bands[k].union(segment)
      } else {
        bands.append(segment)
      }
    }
    // Continuations, nearest first along the rule.
    let short = sorted.filter { !long($0) }.sorted { along($0).0 < along($1).0 }
    for k in bands.indices {
      for segment in short {
        let (a0, a1) = across(segment)
        let (b0, b1) = across(bands[k])
        guard a0 >= b0 - 1, a1 <= b1 + 1 else { continue }
        bands[k] = bands[k].union(segment)
      }
    }
    return bands.filter { band in
      let (thickness, length) = vertical ? (band.width, band.height) : (band.height, band.width)
      return Double(thickness) <= maximumRuleThickness * Double(length)
    }
  }

  /// A rule grown sideways over neighbouring pixel lines at least a quarter inked along it (its
  /// blurred fringe), by at most three pixels a side.
  private func grown(_ rule: PixelBox, vertical: Bool, runs: InkRuns) -> PixelBox {
    var box = rule
    func inked(_ line: Int) -> Bool {
      var count = 0
      if vertical {
        guard line >= 0, line < runs.width else { return false }
        for y in box.y..<box.maxY where runs.contains(x: line, y: y) { count += 1 }
        return 4 * count >= box.height
      }
      guard line >= 0, line < runs.height else { return false }
      count = runs.inkCount(row: line, from: box.x, to: box.maxX)
      return 4 * count >= box.width
    }
    for _ in 0..<3 {
      if vertical {
        if inked(box.x - 1) {
          box.x -= 1
          box.width += 1
        }
        if inked(box.maxX) { box.width += 1 }
      } else {
        if inked(box.y - 1) {
          box.y -= 1
          box.height += 1
        }
        if inked(box.maxY) { box.height += 1 }
      }
    }
    return box
  }

  /// The median of positive integers as a Double (the mean of the middle two for even
  /// counts); 0 for none.
  static func median(_ values: [Int]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? Double(sorted[n / 2]) : Double(sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
}
