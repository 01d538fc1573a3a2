import GlyphLabCore

/// Finds the characters on a real scanned page of vertical text, classically, in steps
/// chosen for scans of old books (the PMJT pages) rather than for rendered pages:
///
/// 1. **Background normalisation and the paper.** The paper's brightness is estimated on a
///    grid of ``backgroundCell``-pixel cells by a grey closing (a maximum then a minimum
///    filter of ``backgroundWindow`` cells, wider than any stroke) and a box mean, so
///    strokes vanish from it while uneven paper tone, binding shadows and the dark scan
///    border stay. Ink is where a pixel is darker than its background by more than
///    ``inkContrast`` of the background's brightness. The paper is the largest connected
///    region whose background is at least ``paperLevel`` of the page's paper brightness
///    (its 90th percentile), shrunk by ``paperMargin`` pixels: the dark border and the
///    outside of the page are left out.
/// 2. **Rules.** Straight runs of ink at least ``ruleLength`` character sizes long,
///    vertical or horizontal (frames, column rules), are erased with a one-pixel margin.
/// 3. **Components and the scale.** 8-connected components; the character size `S` is the
///    median of max(width, height) over components that look like whole characters (sides
///    within 0.6…1.6 of each other and at least 0.6 of the area-weighted median width), so
///    the scale is estimated from the page, never given. Specks under (0.08 `S`)², shapes
///    wider than ``maximumWidth`` `S` (illustrations, stains), large dense blobs (seals)
///    and slivers left by rules are dropped.
/// 4. **Columns and glosses.** Main-size components (max side ≥ ``mainSize`` `S`) are
///    chained into columns when they overlap horizontally by ``columnOverlap`` of the
///    narrower one and lie within ``columnGap`` `S` vertically. Smaller components join the
///    column whose horizontal extent holds their centre; those beside every column — side
///    glosses (ruby) and reading marks — are left out, and so are whole columns of small,
///    narrow marks (``glossWidth``).
/// 5. **Characters.** A column at least 2.5 `S` long and narrower than 0.8 `S` is cut with
///    its own scale (``localScale``: columns of small kana), `s` = max(0.5 `S`, its width),
///    others with `s` = `S`;
///    below, sizes are in `s`. The column's rows of ink are cut into blocks; blocks closer than
///    0.12 `S` merge while the result stays within ``mergeHeight`` `S`, small blocks join a
///    neighbour likewise, and blocks taller than ``splitHeight`` `S` — cursive characters
///    whose strokes touch — are cut into round(height / `S`) pieces at the minima of the
///    smoothed ink profile, each searched within 0.3 of a piece around its even position.
///    Pieces with less ink than ``minimumInk`` `S`² are dropped; each box is the ink's
///    bounding box.
///
/// Deterministic; one page runs on one thread. Memory: a few bytes per page pixel.
public struct ScanDetector: Sendable, Equatable {
  /// Ink is darker than the local paper by more than this fraction of its brightness
  /// (default 0.25).
  public var inkContrast: Double
  /// Side of the background grid cells, pixels (default 4).
  public var backgroundCell: Int
  /// Window of the background's grey closing, in cells (default 9: 36 pixels at the
  /// default cell, wider than the strokes of 35–75-pixel characters).
  public var backgroundWindow: Int
  /// The paper is where the background is at least this fraction of the page's paper
  /// brightness (default 0.6).
  public var paperLevel: Double
  /// Pixels taken off the paper's edge (default 6).
  public var paperMargin: Int
  /// Rules are straight ink runs at least this many character sizes long (default 2.5).
  public var ruleLength: Double
  /// Components wider than this many character sizes are not text (default 2.2).
  public var maximumWidth: Double
  /// Components whose longer side is at least this fraction of the character size are
  /// main text and define the columns (default 0.6).
  public var mainSize: Double
  /// Two main components share a column when they overlap horizontally by this fraction
  /// of the narrower (default 0.7).
  public var columnOverlap: Double
  /// … and their vertical gap is at most this many character sizes (default 0.6).
  public var columnGap: Double
  /// Two chains side by side, overlapping vertically by half the shorter, are one column
  /// when together they are at most this many character sizes wide (default 1.4).
  public var sideBySideWidth: Double
  /// A column whose characters' median width is under this many character sizes (and
  /// whose median longer side is under 0.8 of it) is a gloss or marks, not text (default 0.5).
  public var glossWidth: Double
  /// Whether a column at least 2.5 character sizes long and narrower than 0.8 of one is cut
  /// with its width as the size (default true).
  public var localScale: Bool
  /// Blocks taller than this many character sizes are split (default 1.5).
  public var splitHeight: Double
  /// Blocks merge while they stay within this many character sizes (default 1.25).
  public var mergeHeight: Double
  /// Characters with less ink than this fraction of the character size squared are
  /// dropped (default 0.02).
  public var minimumInk: Double
  /// The largest page accepted, in pixels (default 2²⁵, e.g. 4,096 × 8,192); a larger page
  /// is refused.
  public var maximumPixels: Int
  /// A page whose darkest and lightest pixels differ by fewer grey levels is blank and
  /// refused (default 40).
  public var minimumContrast: Int

  /// A detector; see each property for its meaning and default.
  public init(
    inkContrast: Double = 0.25, backgroundCell: Int = 4, backgroundWindow: Int = 9, paperLevel: Double = 0.6,
    paperMargin: Int = 6, ruleLength: Double = 2.5, maximumWidth: Double = 2.2, mainSize: Double = 0.6,
    columnOverlap: Double = 0.7, columnGap: Double = 0.6, sideBySideWidth: Double = 1.4, glossWidth: Double = 0.5,
    localScale: Bool = true, splitHeight: Double = 1.5, mergeHeight: Double = 1.25,
    minimumInk: Double = 0.02, maximumPixels: Int = 1 << 25, minimumContrast: Int = 40
  ) {
    self.inkContrast = inkContrast
    self.backgroundCell = backgroundCell
    self.backgroundWindow = backgroundWindow
    self.paperLevel = paperLevel
    self.paperMargin = paperMargin
    self.ruleLength = ruleLength
    self.maximumWidth = maximumWidth
    self.mainSize = mainSize
    self.columnOverlap = columnOverlap
    self.columnGap = columnGap
    self.sideBySideWidth = sideBySideWidth
    self.localScale = localScale
    self.glossWidth = glossWidth
    self.splitHeight = splitHeight
    self.mergeHeight = mergeHeight
    self.minimumInk = minimumInk
    self.maximumPixels = maximumPixels
    self.minimumContrast = minimumContrast
  }

  /// Throws naming the first parameter out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "ScanDetector", name: name, value: "\(value)", reason: reason)
    }
    for (name, value) in [
      ("inkContrast", inkContrast), ("paperLevel", paperLevel), ("mainSize", mainSize), ("glossWidth", glossWidth),
      ("columnOverlap", columnOverlap), ("minimumInk", minimumInk),
    ] where !(value.isFinite && value > 0 && value < 1) {
      throw fail(name, value, "must be in (0, 1)")
    }
    for (name, value) in [
      ("ruleLength", ruleLength), ("maximumWidth", maximumWidth), ("columnGap", columnGap),
      ("sideBySideWidth", sideBySideWidth),
      ("splitHeight", splitHeight), ("mergeHeight", mergeHeight),
    ] where !(value.isFinite && value > 0 && value <= 20) {
      throw fail(name, value, "must be in (0, 20]")
    }
    guard (1...64).contains(backgroundCell) else { throw fail("backgroundCell", backgroundCell, "must be in 1...64") }
    guard (1...255).contains(backgroundWindow) else {
      throw fail("backgroundWindow", backgroundWindow, "must be in 1...255")
    }
    guard paperMargin >= 0 else { throw fail("paperMargin", paperMargin, "must be ≥ 0") }
    guard maximumPixels > 0 else { throw fail("maximumPixels", maximumPixels, "must be positive") }
    guard (1...255).contains(minimumContrast) else {
      throw fail("minimumContrast", minimumContrast, "must be in 1...255")
    }
  }

  /// The characters of a `width × height` page (`pixels` row by row, 0 = paper, 255 = ink),
  /// in reading order (columns right to left, each top to bottom).
  ///
  /// Throws naming the problem when `pixels` does not match the size, the page is larger
  /// than ``maximumPixels``, blank (less contrast than ``minimumContrast``), or all ink (no
  /// paper found).
  ///
  /// - Complexity: O(`width` × `height`) for the background, ink, rules and components;
  ///   O(C²) in the worst case for chaining C components into columns (C is a few hundred
  ///   to a few thousand on a page), pruned by a sweep in x.
  public func detect(pixels: [UInt8], width: Int, height: Int) throws -> DetectedPage {
    try validate()
    func refuse(_ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "ScanDetector", name: "page", value: "\(width)×\(height)", reason: reason)
    }
    let (area, overflow) = width.multipliedReportingOverflow(by: height)
    guard width > 0, height > 0, !overflow, pixels.count == area else {
      throw GlyphLabError.shapeMismatch(
        operation: "ScanDetector", detail: "\(pixels.count) pixels for a \(width)×\(height) page")
    }
    guard area <= maximumPixels else {
      throw refuse("the page has \(area) pixels, more than the limit of \(maximumPixels)")
    }
    let (lowest, highest) = pixels.withUnsafeBufferPointer { p in
      p.reduce((UInt8.max, UInt8.min)) { (min($0.0, $1), max($0.1, $1)) }
    }
    guard Int(highest) - Int(lowest) >= minimumContrast else {
      throw refuse("blank: its pixels span \(Int(highest) - Int(lowest)) grey levels, fewer than \(minimumContrast)")
    }
    let normalised = Self.normalise(
      pixels, width: width, height: height, cell: backgroundCell, window: backgroundWindow,
      paperLevel: paperLevel, margin: paperMargin, contrast: inkContrast)
    guard normalised.paperPixels > area / 20, normalised.paperBrightness >= Double(minimumContrast) else {
      throw refuse(
        "all ink: no paper found (\(normalised.paperPixels) paper pixels, paper brightness \(Int(normalised.paperBrightness)))"
      )
    }
    var ink = normalised.ink
    // A first scale, from the raw components, sets the rule length.
    let first = try ConnectedComponents(runs: InkRuns(binary: ink, width: width, height: height))
    let firstSize = Self.typicalWidth(first, limit: width / 6) ?? 40
    Self.eraseRules(&ink, width: width, height: height, length: max(8, Int(ruleLength * Double(firstSize))))
    let runs = try InkRuns(binary: ink, width: width, height: height)
    let components = try ConnectedComponents(runs: runs)
    let size = Self.characterSize(components, limit: width / 6) ?? Double(firstSize)
    let kept = keptComponents(components, size: size)
    let columns = columnGroups(kept, components: components, size: size)
    let labels = components.labelImage(runs)
    var boxes: [PixelBox] = []
    var boxColumns: [Int] = []
    var columnBoxes: [PixelBox] = []
    var owner = [Int32](repeating: -1, count: components.count)
    for (k, members) in columns.enumerated() { for c in members { owner[c] = Int32(k) } }
    for (k, members) in columns.enumerated() {
      let found = characters(
        members: members, column: Int32(k), owner: owner, components: components, labels: labels, width: width,
        size: size)
      guard !found.isEmpty else { continue }
      // A column of small, narrow marks beside the text is a gloss (ruby) or reading marks.
      let widths = found.map { Double($0.width) }
      let sides = found.map { Double(max($0.width, $0.height)) }
      if PageDetector.median(widths) < glossWidth * size && PageDetector.median(sides) < 0.8 * size { continue }
      columnBoxes.append(members.reduce(PixelBox(x: 0, y: 0, width: 0, height: 0)) { $0.union(components.boxes[$1]) })
      boxes.append(contentsOf: found)
      boxColumns.append(contentsOf: repeatElement(columnBoxes.count - 1, count: found.count))
    }
    return DetectedPage(boxes: boxes, boxColumns: boxColumns, columns: columnBoxes, rules: [], pitch: size)
  }
}
