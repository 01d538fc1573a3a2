import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import Testing

@Suite("Page detector")
struct PageDetectorTests {
  @Test(arguments: [true, false])
  func findsEveryCharacterOfADrawnPageInReadingOrder(ruled: Bool) throws {
    let page = SyntheticPage.full(ruled: ruled)
    let found = try PageDetector().detect(pixels: page.pixels, width: page.width, height: page.height)
    // Clean, crisp ink: the boxes are exact, in reading order.
    #expect(found.boxes == page.truth)
    #expect(found.columns.count == page.columns)
    #expect(found.boxColumns == page.truth.indices.map { $0 / page.rows })
    #expect(abs(found.pitch - Double(page.cell)) < 1.5)
    #expect(ruled ? found.rules.count == page.columns + 3 : found.rules.isEmpty)
    let e = try DetectionEvaluation(detections: found.boxes, truth: page.truth)
    #expect(e.f1 == 1)
  }

  @Test func touchingCharactersAreSplit() throws {
    var page = SyntheticPage()
    for i in 0..<(page.rows * page.columns) { page.draw(kind: 0, at: i) }
    // Join the first two characters of the first column with a stroke down the cell boundary.
    let a = page.truth[0]
    let b = page.truth[1]
    page.fill(PixelBox(x: a.x + a.width / 2, y: a.maxY - 1, width: 4, height: b.y - a.maxY + 2), 220)
    let found = try PageDetector().detect(pixels: page.pixels, width: page.width, height: page.height)
    #expect(found.boxes.count == page.truth.count)
    let e = try DetectionEvaluation(detections: found.boxes, truth: page.truth)
    #expect(e.f1 == 1)
    #expect(e.matchedIoUs.allSatisfy { $0 > 0.75 })
  }

  @Test func emptyAndTextlessPagesGiveNoBoxes() throws {
    let detector = PageDetector()
    #expect(try detector.detect(pixels: [], width: 0, height: 0) == .empty)
    #expect(try detector.detect(pixels: [], width: 0, height: 50).boxes.isEmpty)
    #expect(try detector.detect(pixels: [UInt8](repeating: 0, count: 640 * 960), width: 640, height: 960) == .empty)
    var g = SeededGenerator(seed: 1)
    let grain = (0..<(640 * 960)).map { _ in UInt8(g.uniformInt(below: 25)) }
    #expect(try detector.detect(pixels: grain, width: 640, height: 960).boxes.isEmpty)
    // A single dot is a speck, not a character.
    var dot = [UInt8](repeating: 0, count: 100 * 100)
    dot[50 * 100 + 50] = 255
    #expect(try detector.detect(pixels: dot, width: 100, height: 100).boxes.isEmpty)
  }

  @Test func aPageOfRulingLinesOnlyGivesNoBoxes() throws {
    let page = SyntheticPage()
    let found = try PageDetector().detect(pixels: page.pixels, width: page.width, height: page.height)
    #expect(found.boxes.isEmpty)
    #expect(found.rules.count == page.columns + 3)
    for otsu in [BinarizationMethod.otsu, .sauvola] {
      var detector = PageDetector()
      detector.binarizer.method = otsu
      #expect(try detector.detect(pixels: page.pixels, width: page.width, height: page.height).boxes.isEmpty)
    }
  }

  @Test func aHugePageOfPaperIsHandled() throws {
    let side = 20_000
    let pixels = [UInt8](repeating: 0, count: side * side)
    let found = try PageDetector().detect(pixels: pixels, width: side, height: side)
    #expect(found == .empty)
  }

  @Test func badInputIsAnError() throws {
    let detector = PageDetector()
    #expect(throws: GlyphLabError.self) { try detector.detect(pixels: [0, 0, 0], width: 2, height: 2) }
    #expect(throws: GlyphLabError.self) { try detector.detect(pixels: [], width: -3, height: 0) }
    var bad = PageDetector()
    bad.minimumComponentSize = .infinity
    #expect(throws: GlyphLabError.self) { try bad.detect(pixels: [0], width: 1, height: 1) }
    bad = PageDetector()
    bad.characterSegmenter.heightTolerance = -1
    #expect(throws: GlyphLabError.self) { try bad.detect(pixels: [0], width: 1, height: 1) }
    bad = PageDetector()
    bad.columnSegmenter.ruleGap = .nan
    #expect(throws: GlyphLabError.self) { try bad.detect(pixels: [0], width: 1, height: 1) }
    // More ink runs than allowed: refused, not exhausted.
    let page = SyntheticPage.full()
    bad = PageDetector()
    bad.maximumRuns = 100
    #expect(throws: GlyphLabError.self) { try bad.detect(pixels: page.pixels, width: page.width, height: page.height) }
  }

  @Test func pagesInParallelEqualPagesOneByOne() throws {
    var pages: [SyntheticPage] = [SyntheticPage.full(), SyntheticPage.full(ruled: false), SyntheticPage()]
    var g = SeededGenerator(seed: 2)
    for i in pages[0].pixels.indices {
      pages[0].pixels[i] = UInt8(min(255, Int(pages[0].pixels[i]) + g.uniformInt(below: 40)))
    }
    let set = PageSet(
      count: pages.count, height: pages[0].height, width: pages[0].width, images: pages.flatMap(\.pixels), boxes: [],
      boxPage: [], boxLabel: [])
    let detector = PageDetector()
    let together = try detector.detect(pages: set)
    let alone = try pages.map { try detector.detect(pixels: $0.pixels, width: $0.width, height: $0.height) }
    #expect(together == alone)
    #expect(try detector.detect(pages: set) == together)
  }

  /// Odd shapes and contents (thin strips, noise, solid ink, stripes) never trap.
  @Test(arguments: [UInt64(1), 2, 3, 4])
  func oddPagesNeverTrap(seed: UInt64) throws {
    var g = SeededGenerator(seed: seed)
    for trial in 0..<40 {
      let width = 1 + g.uniformInt(below: trial % 2 == 0 ? 8 : 160)
      let height = 1 + g.uniformInt(below: trial % 3 == 0 ? 8 : 160)
      let style = trial % 5
      let pixels = (0..<(width * height)).map { i -> UInt8 in
        switch style {
        case 0: return UInt8(g.uniformInt(below: 256))
        case 1: return 255
        case 2: return (i % width) % 7 < 2 ? 230 : 0
        case 3: return (i / width) % 5 == 0 ? 200 : UInt8(g.uniformInt(below: 30))
        default: return g.uniformDouble() < 0.02 ? 255 : 0
        }
      }
      for method in BinarizationMethod.allCases {
        var detector = PageDetector()
        detector.binarizer.method = method
        let found = try detector.detect(pixels: pixels, width: width, height: height)
        let page = PixelBox(x: 0, y: 0, width: width, height: height)
        #expect(found.boxes.allSatisfy { !$0.isEmpty && page.intersection($0) == $0 })
        #expect(found.boxColumns.count == found.boxes.count)
      }
    }
  }

  @Test func truthBoxesAreGroupedByPage() {
    let set = PageSet(
      count: 2, height: 4, width: 4, images: [UInt8](repeating: 0, count: 32),
      boxes: [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1],
      boxPage: [1, 0, 1], boxLabel: [0, 0, 0])
    let truth = PageDetector.truthBoxes(set)
    #expect(truth[0] == [PixelBox(x: 1, y: 1, width: 2, height: 2)])
    #expect(truth[1] == [PixelBox(x: 0, y: 0, width: 1, height: 1), PixelBox(x: 2, y: 2, width: 1, height: 1)])
  }
}
