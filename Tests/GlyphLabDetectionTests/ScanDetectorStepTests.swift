import GlyphLabCore
import Testing

@testable import GlyphLabDetection

/// The scan detector's steps for real pages — the text frame, side glosses, touching
/// characters — each on a small synthetic page whose true boxes are known.
@Suite("Scan detector steps")
struct ScanDetectorStepTests {
  /// A scan-like sheet: grey paper (ink-up 40) darkening into a binding shadow at the left
  /// edge, and a black scan border of 12 pixels.
  struct Sheet {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
      self.width = width
      self.height = height
      pixels = [UInt8](repeating: 0, count: width * height)
      for y in 0..<height {
        for x in 0..<width {
          pixels[y * width + x] = UInt8(40 + max(0, 70 - x))
          if x < 12 || y < 12 || x >= width - 12 || y >= height - 12 { pixels[y * width + x] = 250 }
        }
      }
    }

    mutating func fill(_ box: PixelBox) {
      for y in box.y..<box.maxY { for x in box.x..<box.maxX { pixels[y * width + x] = 230 } }
    }

    /// A frame of 2-pixel rules around `box`.
    mutating func frame(_ box: PixelBox) {
      fill(PixelBox(x: box.x, y: box.y, width: box.width, height: 2))
      fill(PixelBox(x: box.x, y: box.maxY - 2, width: box.width, height: 2))
      fill(PixelBox(x: box.x, y: box.y, width: 2, height: box.height))
      fill(PixelBox(x: box.maxX - 2, y: box.y, width: 2, height: box.height))
    }

    /// A "character" in `box`: a bar along its top and a stem down its middle (two
    /// components, as many real characters are).
    mutating func character(_ box: PixelBox) {
      fill(PixelBox(x: box.x, y: box.y, width: box.width, height: 8))
      fill(PixelBox(x: box.x + box.width / 2 - 4, y: box.y + 14, width: 8, height: box.height - 14))
    }

    /// A hollow square of 4-pixel strokes.
    mutating func ring(_ box: PixelBox) {
      fill(PixelBox(x: box.x, y: box.y, width: box.width, height: 4))
      fill(PixelBox(x: box.x, y: box.maxY - 4, width: box.width, height: 4))
      fill(PixelBox(x: box.x, y: box.y, width: 4, height: box.height))
      fill(PixelBox(x: box.maxX - 4, y: box.y, width: 4, height: box.height))
    }
  }

  /// Columns of six 50-pixel characters at the given left edges, 68 pixels apart from y = 60.
  static func columns(_ xs: [Int], on sheet: inout Sheet) -> [PixelBox] {
    var truth: [PixelBox] = []
    for x in xs {
      for row in 0..<6 {
        let box = PixelBox(x: x, y: 60 + row * 68, width: 50, height: 50)
        sheet.character(box)
        truth.append(box)
      }
    }
    return truth
  }

  @Test func theTextFrameIsTheLongestRuleOnEachAxis() {
    let width = 300
    let height = 200
    var horizontal = [Bool](repeating: false, count: width * height)
    var vertical = horizontal
    // The frame 100..<290 × 20..<180, slightly broken; the facing page's rule 4..<80 at the
    // same height; a short rule inside; what a scan border leaves, edge to edge.
    for x in 100..<290 where x % 37 != 0 {
      horizontal[20 * width + x] = true
      horizontal[(179 - x / 100) * width + x] = true
    }
    for x in 4..<80 { horizontal[21 * width + x] = true }
    for x in 150..<200 { horizontal[100 * width + x] = true }
    for x in 0..<width { horizontal[197 * width + x] = true }
    for y in 20..<180 {
      vertical[y * width + 100] = true
      vertical[y * width + 289] = true
    }
    let frame = ScanDetector.textFrame(
      horizontal: horizontal, vertical: vertical, width: width, height: height, band: 4, bridge: 3, least: 0.4)
    #expect(frame.x == 100..<290)
    #expect(frame.y == 20..<180)
    // Rules shorter than 0.4 of the page are no frame.
    let none = ScanDetector.textFrame(
      horizontal: horizontal.indices.map { horizontal[$0] && $0 % width < 80 && $0 / width < 190 },
      vertical: vertical.map { _ in false },
      width: width, height: height, band: 4, bridge: 3, least: 0.4)
    #expect(none.x == nil && none.y == nil)
  }

  @Test
  func textOutsideTheFrameIsLeftOut() throws {
    // The frame holds three columns; beyond its right rule, a column of the facing page.
    var sheet = Sheet(width: 520, height: 520)
    sheet.frame(PixelBox(x: 40, y: 40, width: 360, height: 440))
    let truth = Self.columns([300, 200, 100], on: &sheet)
    _ = Self.columns([440], on: &sheet)
    let found = try ScanDetector().detect(pixels: sheet.pixels, width: sheet.width, height: sheet.height)
    let e = try DetectionEvaluation(detections: found.boxes, truth: truth)
    #expect(e.f1 == 1, "detections \(found.boxes)")
    var unframed = ScanDetector()
    unframed.frameLimit = false
    let all = try unframed.detect(pixels: sheet.pixels, width: sheet.width, height: sheet.height)
    #expect(all.boxes.count == truth.count + 6, "without the frame step the facing page's column is found")
  }

  @Test func aNarrowColumnBesideTheTextIsAGloss() throws {
    var sheet = Sheet(width: 400, height: 520)
    sheet.frame(PixelBox(x: 40, y: 40, width: 320, height: 440))
    let truth = Self.columns([290, 190, 90], on: &sheet)
    // Ruby beside the first column: four marks 20 × 42 (each an L: a bar and a stem), 6
    // pixels to its left.
    for row in 0..<4 {
      let y = 70 + row * 90
      sheet.fill(PixelBox(x: 264, y: y, width: 20, height: 5))
      sheet.fill(PixelBox(x: 264, y: y, width: 5, height: 42))
    }
    let found = try ScanDetector().detect(pixels: sheet.pixels, width: sheet.width, height: sheet.height)
    let e = try DetectionEvaluation(detections: found.boxes, truth: truth)
    #expect(e.f1 == 1, "detections \(found.boxes)")
    var keeping = ScanDetector()
    keeping.glossRatio = 0.01
    let all = try keeping.detect(pixels: sheet.pixels, width: sheet.width, height: sheet.height)
    #expect(all.boxes.count == truth.count + 4, "with glossRatio near 0 the gloss is kept: \(all.boxes)")
  }

  @Test func touchingCharactersAreCutAtTheColumnsPitch() throws {
    // Three columns of six 44-pixel rings, 54 pixels apart; in the first, every ring is
    // joined to the next by a 4 × 10 neck, so the column is one component.
    var sheet = Sheet(width: 400, height: 480)
    var truth: [PixelBox] = []
    for (k, x) in [290, 190, 90].enumerated() {
      for row in 0..<6 {
        let box = PixelBox(x: x, y: 60 + row * 54, width: 44, height: 44)
        sheet.ring(box)
        if k == 0 && row < 5 { sheet.fill(PixelBox(x: x + 20, y: box.maxY, width: 4, height: 10)) }
        truth.append(box)
      }
    }
    for cutting in ColumnCutting.allCases {
      var detector = ScanDetector()
      detector.cutting = cutting
      let found = try detector.detect(pixels: sheet.pixels, width: sheet.width, height: sheet.height)
      let e = try DetectionEvaluation(detections: found.boxes, truth: truth, iouThreshold: 0.7)
      if cutting == .dynamic {
        #expect(e.f1 == 1, "dynamic cutting: \(found.boxes)")
      }
      print("touching rings, \(cutting) cutting: F1 \(e.f1) at IoU 0.7")
    }
  }

  @Test func dynamicCutsJoinPartsAndCutTouchingRuns() {
    let detector = ScanDetector()
    // Two 40-row characters touching through a 2-pixel neck of 6 rows, then a gap of 20
    // rows, then a character in two parts (12 and 20 rows) with a 3-row gap between them.
    var profile: [Int] = []
    profile += Array(repeating: 30, count: 40) + Array(repeating: 2, count: 6) + Array(repeating: 30, count: 40)
    profile += Array(repeating: 0, count: 20)
    profile += Array(repeating: 25, count: 12) + Array(repeating: 0, count: 3) + Array(repeating: 25, count: 20)
    let pieces = detector.dynamicCuts(profile, pitch: 40)
    #expect(pieces.count == 3, "\(pieces)")
    if pieces.count == 3 {
      #expect((40...46).contains(pieces[0].1), "the touching pair is cut in its neck: \(pieces)")
      #expect(pieces[1].1 <= 106 && pieces[2].0 >= 86, "the gap is a cut: \(pieces)")
      #expect(pieces[2].1 - pieces[2].0 >= 35, "the two parts are one character: \(pieces)")
    }
    #expect(detector.dynamicCuts([], pitch: 40).isEmpty)
    #expect(detector.dynamicCuts([0, 0, 0], pitch: 40).isEmpty)
  }
}
