import GlyphLabCore

/// Finds the characters on a page of vertical text read right to left, classically:
///
/// 1. ``binarizer``: ink or paper (Sauvola on a 3 × 3 mean by default), as runs of ink.
/// 2. ``ColumnSegmenter/rules(in:)``: the border and ruling lines — long thin runs — are
///    found on a second binarization (``ruleBinarizer``, unsmoothed, so one-pixel rules
///    survive) and erased.
/// 3. ``ConnectedComponents``: 8-connected components; specks under
///    ``minimumComponentArea`` pixels are dropped.
/// 4. The character pitch: ``CharacterSegmenter/estimatePitch(profiles:lags:)`` on the rows
///    of a first cut of the columns, searched over ``pitchRange`` times the typical
///    component height (area-weighted median).
/// 5. ``ColumnSegmenter/columns(runs:components:kept:verticalRules:pitch:)``: the columns,
///    from the vertical projection profile, knowing the pitch (columns run together are
///    split); the ink is cut between neighbouring columns, so characters touching across
///    columns part, and components are given to the column holding their centre (or the
///    nearest within a quarter pitch). Components wider than ``maximumComponentWidth``
///    pitches are not text (stains, smudges), nor are those under
///    (``minimumComponentSize`` × pitch)² pixels.
/// 6. ``CharacterSegmenter``: each column is cut into characters.
///
/// The layout (columns, margins, cell size) is read from the pixels, never given. Memory is
/// bounded whatever the page size: the binarizer's band of integral images, the ink runs
/// (at most ``maximumRuns``), and a few arrays of one page row or column.
/// Deterministic; one page runs on one thread (``detect(pages:)`` runs pages in parallel).
public struct PageDetector: Sendable, Equatable {
  /// Ink or paper for the characters (default: ``Binarizer/init(method:window:k:dynamicRange:minimumContrast:smoothing:edgeGuard:integralBytes:)``'s
  /// defaults: Sauvola, window 31, k 0.1, on a 3 × 3 mean).
  public var binarizer: Binarizer
  /// Ink or paper for finding the ruling lines (default: Sauvola without smoothing, k 0.2:
  /// a one-pixel rule survives, where smoothing would fade it below the threshold).
  public var ruleBinarizer: Binarizer
  /// Rules and columns (see its defaults).
  public var columnSegmenter: ColumnSegmenter
  /// Characters within a column (see its defaults).
  public var characterSegmenter: CharacterSegmenter
  /// Components with fewer pixels are noise, before anything else is measured (default 4).
  public var minimumComponentArea: Int
  /// Components with fewer than (this × pitch)² pixels are noise (default 0.06: a 4-pixel
  /// square at a 70-pixel pitch).
  public var minimumComponentSize: Double
  /// Components wider than this many pitches are not characters (default 1.6).
  public var maximumComponentWidth: Double
  /// The most ink runs a page may have (default 20 million, about 240 MB with the
  /// components); a page with more is refused with ``GlyphLabError/memoryLimit(operation:bytes:limit:)``.
  /// A page of paper has none, so its size alone is never refused.
  public var maximumRuns: Int
  /// The lags searched for the character pitch, in units of the typical component height
  /// (the area-weighted median height of the components). Default 0.8...3: a character's
  /// main part is a third to the whole of its cell.
  public var pitchRange: ClosedRange<Double>

  /// A detector; see each property for its meaning and default.
  public init(
    binarizer: Binarizer = Binarizer(), ruleBinarizer: Binarizer = Binarizer(k: 0.2, smoothing: 0),
    columnSegmenter: ColumnSegmenter = ColumnSegmenter(),
    characterSegmenter: CharacterSegmenter = CharacterSegmenter(), minimumComponentArea: Int = 4,
    minimumComponentSize: Double = 0.06, maximumComponentWidth: Double = 1.6, maximumRuns: Int = 20_000_000,
    pitchRange: ClosedRange<Double> = 0.8...3
  ) {
    self.pitchRange = pitchRange
    self.binarizer = binarizer
    self.ruleBinarizer = ruleBinarizer
    self.columnSegmenter = columnSegmenter
    self.characterSegmenter = characterSegmenter
    self.minimumComponentArea = minimumComponentArea
    self.minimumComponentSize = minimumComponentSize
    self.maximumComponentWidth = maximumComponentWidth
    self.maximumRuns = maximumRuns
  }

  /// The characters of a `width × height` page (`pixels` row by row, 0 = paper, 255 = ink),
  /// in reading order. An empty page (0 × 0) or a page without text gives no boxes. Throws
  /// when `pixels` does not match the size, or beyond ``maximumRuns``.
  ///
  /// - Complexity: O(`width` × `height`) for binarization; the rest is O(ink runs) plus
  ///   O(height × pitch) for the pitch.
  public func detect(pixels: [UInt8], width: Int, height: Int) throws -> DetectedPage {
    try validate()
    let raw = try binarizer.runs(pixels: pixels, width: width, height: height, maximumRuns: maximumRuns)
    guard raw.count > 0 else { return .empty }
    let lines =
      ruleBinarizer == binarizer
      ? raw : try ruleBinarizer.runs(pixels: pixels, width: width, height: height, maximumRuns: maximumRuns)
    let rules = columnSegmenter.rules(in: lines)
    let allRules = rules.vertical + rules.horizontal
    let runs = raw.erasing(allRules)
    let components = try ConnectedComponents(runs: runs)
    let candidates = (0..<components.count).filter { components.areas[$0] >= minimumComponentArea }
    guard !candidates.isEmpty else {
      return DetectedPage(boxes: [], boxColumns: [], columns: [], rules: allRules, pitch: 0)
    }
    // The character pitch: the rows' periodicity in a first cut of the columns, searched
    // around the typical component height.
    let size = Double(max(2, components.medianHeight(weightedByArea: candidates) ?? 2))
    let first = columnSegmenter.columns(
      runs: runs, components: components, kept: candidates, verticalRules: rules.vertical)
    let firstMembers = Self.assign(candidates, to: first, components: components, reach: 0, widest: .infinity)
    let pitch =
      CharacterSegmenter.estimatePitch(
        profiles: Self.rowProfiles(first, firstMembers, runs: runs, components: components),
        lags: (pitchRange.lowerBound * size)...(pitchRange.upperBound * size))
      ?? max(size, ColumnSegmenter.median(first.map(\.width)))
    // The columns again, knowing the pitch (columns run together are split), and their ink.
    let columns = columnSegmenter.columns(
      runs: runs, components: components, kept: candidates, verticalRules: rules.vertical, pitch: pitch)
    guard !columns.isEmpty else {
      return DetectedPage(boxes: [], boxColumns: [], columns: [], rules: allRules, pitch: 0)
    }
    // Characters of neighbouring columns that touch are parted at the columns' boundary.
    let parted = runs.erasing(ColumnSegmenter.cuts(between: columns, height: height))
    let pieces = try ConnectedComponents(runs: parted)
    let members = Self.assign(
      (0..<pieces.count).filter { pieces.areas[$0] >= minimumComponentArea }, to: columns, components: pieces,
      reach: 0.25 * pitch, widest: maximumComponentWidth * pitch)
    let smallest = Int((minimumComponentSize * pitch) * (minimumComponentSize * pitch))
    var boxes: [PixelBox] = []
    var boxColumns: [Int] = []
    for k in columns.indices {
      let kept = members[k].filter { pieces.areas[$0] >= smallest }
      let found = characterSegmenter.characters(members: kept, runs: parted, components: pieces, pitch: pitch)
      boxes.append(contentsOf: found)
      boxColumns.append(contentsOf: repeatElement(k, count: found.count))
    }
    return DetectedPage(boxes: boxes, boxColumns: boxColumns, columns: columns, rules: allRules, pitch: pitch)
  }

  /// Throws naming the first parameter out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "PageDetector", name: name, value: "\(value)", reason: reason)
    }
    try binarizer.validate()
    try ruleBinarizer.validate()
    try columnSegmenter.validate()
    try characterSegmenter.validate()
    guard minimumComponentArea >= 0 else { throw fail("minimumComponentArea", minimumComponentArea, "must be ≥ 0") }
    guard minimumComponentSize.isFinite, (0..<1).contains(minimumComponentSize) else {
      throw fail("minimumComponentSize", minimumComponentSize, "must be in [0, 1)")
    }
    guard maximumComponentWidth.isFinite, maximumComponentWidth > 0 else {
      throw fail("maximumComponentWidth", maximumComponentWidth, "must be positive")
    }
    guard maximumRuns > 0 else { throw fail("maximumRuns", maximumRuns, "must be positive") }
    guard pitchRange.lowerBound > 0, pitchRange.upperBound.isFinite, pitchRange.upperBound <= 100 else {
      throw fail("pitchRange", pitchRange, "must lie in (0, 100]")
    }
  }

  /// The components of each column: the column holding a component's centre, or the
  /// nearest within `reach` pixels; components wider than `widest` are left out.
  static func assign(
    _ kept: [Int], to columns: [PixelBox], components: ConnectedComponents, reach: Double, widest: Double
  ) -> [[Int]] {
    var members = [[Int]](repeating: [], count: columns.count)
    for c in kept {
      let box = components.boxes[c]
      guard Double(box.width) <= widest else { continue }
      let center = Double(box.x) + Double(box.width) / 2
      var best = -1
      var bestDistance = reach
      for (k, column) in columns.enumerated() {
        let distance = max(0, Double(column.x) - center, center - Double(column.maxX))
        if distance <= bestDistance && (best < 0 || distance < bestDistance) {
          best = k
          bestDistance = distance
        }
      }
      if best >= 0 { members[best].append(c) }
    }
    return members
  }

  /// Ink pixels per row of each column, from its components.
  static func rowProfiles(
    _ columns: [PixelBox], _ members: [[Int]], runs: InkRuns, components: ConnectedComponents
  ) -> [[Int]] {
    columns.indices.map { k in
      var profile = [Int](repeating: 0, count: columns[k].height)
      for c in members[k] {
        for r in components.runs(of: c) {
          let y = runs.row(ofRun: Int(r)) - columns[k].y
          if y >= 0 && y < profile.count { profile[y] += Int(runs.ends[Int(r)] - runs.starts[Int(r)]) }
        }
      }
      return profile
    }
  }

  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
}
