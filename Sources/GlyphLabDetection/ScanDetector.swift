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
///    and slivers left by rules are dropped. With ``frameLimit``, components outside the
///    page's text frame — the extent of its longest horizontal and vertical rules
///    (``textFrame(horizontal:vertical:width:height:band:bridge:least:)``) — are dropped
///    too: the facing page beyond the binding, the scan border, margin notes.
/// 4. **Columns and glosses.** Main-size components (max side ≥ ``mainSize`` `S`) are
///    chained into columns when they overlap horizontally by ``columnOverlap`` of the
///    narrower one and lie within ``columnGap`` `S` vertically; chains side by side join
///    only when the shorter is at most ``sideBySideHeight`` `S` tall (parts of one
///    character, not two neighbouring columns). Smaller components join the
///    column whose horizontal extent holds their centre; those beside every column — side
///    glosses (ruby) and reading marks — are left out, and so are whole columns of small,
///    narrow marks (``glossWidth``) and columns right beside a column more than
///    1 / ``glossRatio`` times wider (ruby).
/// 5. **Characters.** A column at least 2.5 `S` long and narrower than 0.8 `S` is cut with
///    its own scale (``localScale``: columns of small kana), `s` = max(0.5 `S`, its width),
///    others with `s` = `S`;
///    below, sizes are in `s`. The column's rows of ink are cut into blocks; blocks closer than
///    0.12 `S` merge while the result stays within ``mergeHeight`` `S`, small blocks join a
///    neighbour likewise, and blocks taller than ``splitHeight`` `S` — cursive characters
///    whose strokes touch — are cut into round(height / `S`) pieces at the minima of the
///    smoothed ink profile, each searched within 0.3 of a piece around its even position.
///    Pieces with less ink than ``minimumInk`` `S`² are dropped; each box is the ink's
///    bounding box. With ``cutting`` `.dynamic` the column is cut instead by dynamic
///    programming over cut costs with the column's own pitch
///    (``dynamicCuts(_:pitch:)``).
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
  /// … and the shorter of the two is at most this many character sizes tall (default
  /// 1.5): parts of one character, not two neighbouring columns.
  public var sideBySideHeight: Double
  /// A column whose characters' median width is under this many character sizes (and
  /// whose median longer side is under 0.8 of it) is a gloss or marks, not text (default 0.5).
  public var glossWidth: Double
  /// A column beside a wider one (at most half a character size away, overlapping it
  /// vertically by half its own height) whose characters' median width is at most this
  /// fraction of the wider column's is a side gloss (ruby) and is left out (default 0.45).
  public var glossRatio: Double
  /// Whether components outside the page's text frame (its longest horizontal and
  /// vertical rules, see ``textFrame``) are left out: the facing page, the scan border,
  /// margin notes (default true).
  public var frameLimit: Bool
  /// Whether a column at least 2.5 character sizes long and narrower than 0.8 of one is cut
  /// with its width as the size (default true).
  public var localScale: Bool
  /// How columns are cut into characters (default ``ColumnCutting/blocks``; dynamic
  /// cutting scored lower on the PMJT pages, see `Reports/detection-real.md`).
  public var cutting: ColumnCutting
  /// Dynamic cutting: the weight of a cut through ink (default 1).
  public var cutWeight: Double
  /// Dynamic cutting: the weight of a piece taller than the pitch (default 2).
  public var tallWeight: Double
  /// Dynamic cutting: the weight of blank rows inside a piece, per pitch (default 4).
  public var gapWeight: Double
  /// Dynamic cutting: a column's pitch is this quantile of its rows' ink widths, kept
  /// within 0.5…1.2 character sizes (default 0.8).
  public var pitchQuantile: Double
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
    columnOverlap: Double = 0.7, columnGap: Double = 0.6, sideBySideWidth: Double = 1.4,
    sideBySideHeight: Double = 1.5, glossWidth: Double = 0.5,
    glossRatio: Double = 0.45, frameLimit: Bool = true, localScale: Bool = true,
    cutting: ColumnCutting = .blocks, cutWeight: Double = 1, tallWeight: Double = 2, gapWeight: Double = 4,
    pitchQuantile: Double = 0.8, splitHeight: Double = 1.5, mergeHeight: Double = 1.25,
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
    self.sideBySideHeight = sideBySideHeight
    self.localScale = localScale
    self.glossWidth = glossWidth
    self.glossRatio = glossRatio
    self.frameLimit = frameLimit
    self.cutting = cutting
    self.cutWeight = cutWeight
    self.tallWeight = tallWeight
    self.gapWeight = gapWeight
    self.pitchQuantile = pitchQuantile
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
      ("glossRatio", glossRatio), ("pitchQuantile", pitchQuantile), ("columnOverlap", columnOverlap),
      ("minimumInk", minimumInk),
    ] where !(value.isFinite && value > 0 && value < 1) {
      throw fail(name, value, "must be in (0, 1)")
    }
    for (name, value) in [
      ("ruleLength", ruleLength), ("maximumWidth", maximumWidth), ("columnGap", columnGap),
      ("sideBySideWidth", sideBySideWidth), ("sideBySideHeight", sideBySideHeight),
      ("splitHeight", splitHeight), ("mergeHeight", mergeHeight), ("cutWeight", cutWeight),
      ("tallWeight", tallWeight), ("gapWeight", gapWeight),
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
    let rules = Self.eraseRules(
      &ink, width: width, height: height, length: max(8, Int(ruleLength * Double(firstSize))))
    let runs = try InkRuns(binary: ink, width: width, height: height)
    let components = try ConnectedComponents(runs: runs)
    let size = Self.characterSize(components, limit: width / 6) ?? Double(firstSize)
    var kept = keptComponents(components, size: size)
    if frameLimit {
      let frame = Self.textFrame(
        horizontal: rules.horizontal, vertical: rules.vertical, width: width, height: height,
        band: max(4, Int(0.3 * size)), bridge: max(2, Int(0.25 * size)), least: 0.4)
      let reach = 0.3 * size
      kept = kept.filter { c in
        let (cx, cy) = components.boxes[c].center
        let inX = frame.x.map { cx >= Double($0.lowerBound) - reach && cx <= Double($0.upperBound) + reach } ?? true
        let inY = frame.y.map { cy >= Double($0.lowerBound) - reach && cy <= Double($0.upperBound) + reach } ?? true
        return inX && inY
      }
    }
    let columns = columnGroups(kept, components: components, size: size)
    let labels = components.labelImage(runs)
    var owner = [Int32](repeating: -1, count: components.count)
    for (k, members) in columns.enumerated() { for c in members { owner[c] = Int32(k) } }
    var found: [[PixelBox]] = []
    var extents: [PixelBox] = []
    var widths: [Double] = []
    for (k, members) in columns.enumerated() {
      found.append(
        characters(
          members: members, column: Int32(k), owner: owner, components: components, labels: labels, width: width,
          size: size))
      extents.append(members.reduce(PixelBox(x: 0, y: 0, width: 0, height: 0)) { $0.union(components.boxes[$1]) })
      widths.append(found[k].isEmpty ? 0 : PageDetector.median(found[k].map { Double($0.width) }))
    }
    var boxes: [PixelBox] = []
    var boxColumns: [Int] = []
    var columnBoxes: [PixelBox] = []
    for k in columns.indices where !found[k].isEmpty {
      // A column of small, narrow marks is a gloss (ruby) or reading marks, and so is a
      // column much narrower than the column right beside it.
      let sides = found[k].map { Double(max($0.width, $0.height)) }
      if widths[k] < glossWidth * size && PageDetector.median(sides) < 0.8 * size { continue }
      let beside = extents.indices.contains { j in
        guard j != k, widths[k] <= glossRatio * widths[j] else { return false }
        let (a, b) = (extents[k], extents[j])
        let gap = max(a.x, b.x) - min(a.maxX, b.maxX)
        let overlap = min(a.maxY, b.maxY) - max(a.y, b.y)
        return Double(gap) <= 0.5 * size && 2 * overlap >= a.height
      }
      if beside { continue }
      columnBoxes.append(extents[k])
      boxes.append(contentsOf: found[k])
      boxColumns.append(contentsOf: repeatElement(columnBoxes.count - 1, count: found[k].count))
    }
    return DetectedPage(boxes: boxes, boxColumns: boxColumns, columns: columnBoxes, rules: [], pitch: size)
  }
}
