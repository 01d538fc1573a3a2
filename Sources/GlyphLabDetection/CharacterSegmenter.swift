import GlyphLabCore

/// Cuts one text column into characters, top to bottom.
///
/// 1. **Blocks.** The column's connected components, sorted by their top, are merged while
///    their vertical extents overlap or nearly touch (within ``mergeGap`` × pitch): the parts
///    of a left–right character such as 郷 sit side by side, so they overlap vertically.
/// 2. **Splits.** A block taller than (1 + ``heightTolerance``) × pitch holds touching
///    characters: it is cut into `round(height / pitch)` pieces at the minima of its
///    horizontal projection profile (ink pixels per row) within ``splitWindow`` × pitch of
///    the evenly spaced cut positions.
/// 3. **Grouping.** Top–bottom characters (二, 三, 心) leave gaps inside a character as wide
///    as the gaps between characters, so blocks are grouped into characters by dynamic
///    programming over the column: a character is a run of consecutive blocks no taller than
///    (1 + ``heightTolerance``) × pitch, and the grouping minimises the squared deviations of
///    the distances between consecutive characters' centres from a multiple (≥ 1) of the
///    pitch, plus the squared excess of each character's height over the typical height
///    (the median height of the column's tall blocks), both in units of the pitch. Splitting
///    a character costs about (1 − gap / pitch)², merging two costs their excess height.
/// 4. Characters with less ink than ``minimumInk`` × pitch² are dropped (specks).
///
/// The pitch (the distance between consecutive characters' centres) is an input;
/// ``estimatePitch(profiles:lags:)`` measures it from the page.
public struct CharacterSegmenter: Sendable, Equatable {
  /// Blocks whose vertical gap is at most this fraction of the pitch are merged at once
  /// (default 0.02).
  public var mergeGap: Double
  /// How much taller than the pitch a character may be, as a fraction (default 0.2).
  public var heightTolerance: Double
  /// Half-width of the window in which a touching pair is cut, as a fraction of the pitch
  /// (default 0.25).
  public var splitWindow: Double
  /// The least ink of a character, as a fraction of pitch² (default 0.008).
  public var minimumInk: Double

  /// A segmenter; see each property for its meaning and default.
  public init(
    mergeGap: Double = 0.02, heightTolerance: Double = 0.2, splitWindow: Double = 0.25, minimumInk: Double = 0.008
  ) {
    self.mergeGap = mergeGap
    self.heightTolerance = heightTolerance
    self.splitWindow = splitWindow
    self.minimumInk = minimumInk
  }

  /// Throws naming the first parameter out of its range.
  public func validate() throws {
    for (name, value) in [
      ("mergeGap", mergeGap), ("heightTolerance", heightTolerance), ("splitWindow", splitWindow),
      ("minimumInk", minimumInk),
    ] where !(value.isFinite && value >= 0 && value <= 10) {
      throw GlyphLabError.invalidArgument(
        operation: "CharacterSegmenter", name: name, value: "\(value)", reason: "must be in [0, 10]")
    }
  }

  /// The characters of one column, top to bottom.
  ///
  /// - Parameters:
  ///   - members: the column's components (indices into `components`).
  ///   - pitch: the expected distance between consecutive characters' centres, in pixels
  ///     (no characters for a pitch under 1 or not finite).
  /// - Complexity: O(ink runs of the column + blocks × g²), g the most blocks in one character.
  public func characters(
    members: [Int], runs: InkRuns, components: ConnectedComponents, pitch: Double
  ) -> [PixelBox] {
    guard !members.isEmpty, pitch.isFinite, pitch >= 1, pitch < 1e9 else { return [] }
    let boxes = components.boxes
    let order = members.sorted { (boxes[$0].y, boxes[$0].x, $0) < (boxes[$1].y, boxes[$1].x, $1) }
    // 1. Blocks of vertically overlapping components.
    let closeGap = Int(mergeGap * pitch)
    var groups: [[Int]] = []
    var groupBottom = Int.min
    for c in order {
      if !groups.isEmpty && boxes[c].y - groupBottom <= closeGap {
        groups[groups.count - 1].append(c)
        groupBottom = max(groupBottom, boxes[c].maxY)
      } else {
        groups.append([c])
        groupBottom = boxes[c].maxY
      }
    }
    // 2. Pieces: blocks, with over-tall ones cut at profile minima.
    let tallest = (1 + heightTolerance) * pitch
    var pieces: [(box: PixelBox, ink: Int)] = []
    for group in groups {
      let box = group.dropFirst().reduce(boxes[group[0]]) { $0.union(boxes[$1]) }
      let ink = group.reduce(0) { $0 + components.areas[$1] }
      if Double(box.height) <= tallest {
        pieces.append((box, ink))
      } else {
        pieces.append(contentsOf: split(group, box: box, runs: runs, components: components, pitch: pitch))
      }
    }
    // 3. Group pieces into characters.
    let tall = pieces.map(\.box.height).filter { Double($0) >= 0.5 * pitch }
    let typical = tall.isEmpty ? 0.8 * pitch : ColumnSegmenter.median(tall)
    let characters = group(pieces.map(\.box), pitch: pitch, typicalHeight: typical, tallest: tallest)
    // 4. Drop specks.
    let least = minimumInk * pitch * pitch
    return characters.compactMap { range in
      let ink = pieces[range].reduce(0) { $0 + $1.ink }
      guard Double(ink) >= least else { return nil }
      return pieces[range].dropFirst().reduce(pieces[range.lowerBound].box) { $0.union($1.box) }
    }
  }

  /// The pitch of a page's characters, from the periodicity of the columns' horizontal
  /// projection profiles (ink per row, mean removed). With c their summed autocorrelation and
  /// c⁺ = max(c, 0), the pitch is the lag τ within `lags` maximising the enhanced
  /// autocorrelation c⁺(τ) − c⁺(τ / 2) (Tolonen & Karjalainen 2000): multiples of the pitch
  /// are periods too, but half of them is a period as well, so they are pushed down, while
  /// half the pitch falls between characters (c < 0). The peak is refined to a fraction of a
  /// pixel by a parabola through c. `nil` when c(τ) is below 3 % of the profiles
  /// energy (no periodicity: fewer than two characters per column).
  ///
  /// - Complexity: O(Σ profile lengths × lags).
  public static func estimatePitch(profiles: [[Int]], lags: ClosedRange<Double>) -> Double? {
    guard lags.lowerBound.isFinite, lags.upperBound.isFinite, lags.upperBound < 1e9 else { return nil }
    let low = max(2, Int(lags.lowerBound.rounded(.up)))
    let high = Int(lags.upperBound.rounded(.down))
    guard high > low else { return nil }
    let longest = profiles.map(\.count).max() ?? 0
    guard longest > low + 1 else { return nil }
    // c at the lags searched, their neighbours, and half of them.
    let top = min(high + 1, longest - 1)
    let bottom = max(1, low / 2)
    var correlation = [Double](repeating: 0, count: top + 1)
    var energy = 0.0
    for profile in profiles where profile.count > 1 {
      let mean = Double(profile.reduce(0, +)) / Double(profile.count)
      let centred = profile.map { Double($0) - mean }
      energy += centred.reduce(0) { $0 + $1 * $1 }
      let last = min(top, profile.count - 1)
      guard last >= bottom else { continue }
      for lag in bottom...last {
        var s = 0.0
        for y in 0..<(profile.count - lag) { s += centred[y] * centred[y + lag] }
        correlation[lag] += s
      }
    }
    guard energy > 0, top > low else { return nil }
    func enhanced(_ lag: Int) -> Double {
      let half = lag % 2 == 0 ? correlation[lag / 2] : (correlation[lag / 2] + correlation[lag / 2 + 1]) / 2
      return max(0, correlation[lag]) - max(0, half)
    }
    var best = low
    for lag in low..<top where enhanced(lag) > enhanced(best) { best = lag }
    guard correlation[best] > 0.03 * energy else { return nil }
    let a = correlation[best - 1]
    let b = correlation[best]
    let c = correlation[best + 1]
    let curvature = a - 2 * b + c
    let shift = curvature < 0 ? max(-0.5, min(0.5, 0.5 * (a - c) / curvature)) : 0
    return Double(best) + shift
  }

  /// Cuts an over-tall block into `round(height / pitch)` pieces at profile minima.
  private func split(
    _ group: [Int], box: PixelBox, runs: InkRuns, components: ConnectedComponents, pitch: Double
  ) -> [(box: PixelBox, ink: Int)] {
    var profile = [Int](repeating: 0, count: box.height)
    var rowRuns = [[Int32]](repeating: [], count: box.height)
    for c in group {
      for r in components.runs(of: c) {
        let y = runs.row(ofRun: Int(r)) - box.y
        profile[y] += Int(runs.ends[Int(r)] - runs.starts[Int(r)])
        rowRuns[y].append(r)
      }
    }
    let parts = max(2, Int((Double(box.height) / pitch).rounded()))
    let window = max(1, Int(splitWindow * pitch))
    var cuts = [0]
    for k in 1..<parts {
      let target = Int((Double(k * box.height) / Double(parts)).rounded())
      let lo = max(cuts[cuts.count - 1] + 1, target - window)
      let hi = min(box.height - 1, target + window)
      guard lo <= hi else { continue }
      var best = min(max(target, lo), hi)
      for y in lo...hi
      where profile[y] < profile[best] || (profile[y] == profile[best] && abs(y - target) < abs(best - target)) {
        best = y
      }
      cuts.append(best)
    }
    cuts.append(box.height)
    var out: [(box: PixelBox, ink: Int)] = []
    for k in 0..<(cuts.count - 1) {
      var piece = PixelBox(x: 0, y: 0, width: 0, height: 0)
      var ink = 0
      for y in cuts[k]..<cuts[k + 1] {
        for r in rowRuns[y] {
          let s = Int(runs.starts[Int(r)])
          let e = Int(runs.ends[Int(r)])
          piece = piece.union(PixelBox(x: s, y: box.y + y, width: e - s, height: 1))
          ink += e - s
        }
      }
      if !piece.isEmpty { out.append((piece, ink)) }
    }
    return out
  }

  /// The best grouping of consecutive pieces into characters (see the type's description),
  /// as ranges of piece indices.
  private func group(_ pieces: [PixelBox], pitch: Double, typicalHeight: Double, tallest: Double) -> [Range<Int>] {
    let n = pieces.count
    guard n > 1 else { return n == 1 ? [0..<1] : [] }
    // Candidate characters: pieces i...j, no taller than `tallest` (a single piece always).
    var spans: [[PixelBox]] = []  // spans[i][j - i] = union of pieces i...j
    for i in 0..<n {
      var box = pieces[i]
      var row = [box]
      var j = i + 1
      while j < n {
        box = box.union(pieces[j])
        guard Double(box.height) <= tallest else { break }
        row.append(box)
        j += 1
      }
      spans.append(row)
    }
    func heightCost(_ box: PixelBox) -> Double {
      let excess = max(0, Double(box.height) - typicalHeight) / pitch
      return excess * excess
    }
    func spacingCost(_ a: PixelBox, _ b: PixelBox) -> Double {
      let d = b.center.y - a.center.y
      let multiple = max(1, (d / pitch).rounded())
      let deviation = (d - multiple * pitch) / pitch
      return deviation * deviation
    }
    // cost[i][j - i]: the least cost of pieces 0...j whose last character is i...j.
    var cost = spans.map { [Double](repeating: .infinity, count: $0.count) }
    var back = spans.map { [Int](repeating: -1, count: $0.count) }
    for j in 0..<spans[0].count { cost[0][j] = heightCost(spans[0][j]) }
    for j in 0..<n {
      // Characters ending at j: i...j for every i whose spans reach j.
      for i in 0...j where j - i < spans[i].count && cost[i][j - i].isFinite {
        let next = j + 1
        guard next < n else { continue }
        for l in 0..<spans[next].count {
          let value = cost[i][j - i] + spacingCost(spans[i][j - i], spans[next][l]) + heightCost(spans[next][l])
          if value < cost[next][l] {
            cost[next][l] = value
            back[next][l] = i
          }
        }
      }
    }
    var bestStart = -1
    var bestCost = Double.infinity
    for i in 0..<n where n - 1 - i < spans[i].count && cost[i][n - 1 - i] < bestCost {
      bestCost = cost[i][n - 1 - i]
      bestStart = i
    }
    guard bestStart >= 0 else { return (0..<n).map { $0..<($0 + 1) } }
    var ranges: [Range<Int>] = []
    var start = bestStart
    var end = n - 1
    while start >= 0 {
      ranges.append(start..<(end + 1))
      let previous = back[start][end - start]
      end = start - 1
      start = previous
    }
    return ranges.reversed()
  }
}
