import GlyphLabCore
import GlyphLabDetection
import Testing

@Suite("Column and character segmenters")
struct SegmenterTests {
  @Test func estimatesThePitchOfPeriodicProfiles() {
    var g = SeededGenerator(seed: 5)
    // Characters 25 rows tall every 37 rows, of varying ink, in three columns.
    let profiles = (0..<3).map { _ in
      (0..<(37 * 12)).map { y in y % 37 < 25 ? 20 + g.uniformInt(below: 30) : g.uniformInt(below: 2) }
    }
    let pitch = CharacterSegmenter.estimatePitch(profiles: profiles, lags: 20...111)
    #expect(abs((pitch ?? 0) - 37) < 0.6)
    // Nothing varies, or the columns are shorter than the lags: no pitch.
    #expect(CharacterSegmenter.estimatePitch(profiles: [[Int](repeating: 7, count: 300)], lags: 30...90) == nil)
    #expect(CharacterSegmenter.estimatePitch(profiles: [(0..<25).map { $0 % 5 }], lags: 30...90) == nil)
    #expect(CharacterSegmenter.estimatePitch(profiles: [], lags: 10...20) == nil)
    #expect(CharacterSegmenter.estimatePitch(profiles: [[1, 2]], lags: 10...20) == nil)
  }

  /// Builds the runs and components of a column of boxes.
  static func column(_ parts: [PixelBox], width: Int = 80, height: Int = 400) throws -> (InkRuns, ConnectedComponents) {
    var pixels = [UInt8](repeating: 0, count: width * height)
    for p in parts {
      for y in p.y..<p.maxY { for x in p.x..<p.maxX { pixels[y * width + x] = 1 } }
    }
    let runs = try InkRuns(binary: pixels, width: width, height: height)
    return (runs, try ConnectedComponents(runs: runs))
  }

  @Test func groupsTopBottomPartsAndKeepsNeighboursApart() throws {
    // Pitch 70. Cell 0: a block; cell 1: 二 (two bars 30 rows apart); cell 2: 一; cell 3: 三;
    // cell 4: a block with a dot above it.
    let parts = [
      PixelBox(x: 10, y: 10, width: 50, height: 50),
      PixelBox(x: 14, y: 85, width: 42, height: 5), PixelBox(x: 10, y: 118, width: 50, height: 5),
      PixelBox(x: 10, y: 173, width: 50, height: 4),
      PixelBox(x: 10, y: 220, width: 50, height: 4), PixelBox(x: 14, y: 238, width: 42, height: 4),
      PixelBox(x: 10, y: 256, width: 50, height: 4),
      PixelBox(x: 33, y: 290, width: 5, height: 5), PixelBox(x: 10, y: 300, width: 50, height: 40),
    ]
    let (runs, components) = try Self.column(parts)
    let boxes = CharacterSegmenter().characters(
      members: Array(0..<components.count), runs: runs, components: components, pitch: 70)
    #expect(
      boxes == [
        PixelBox(x: 10, y: 10, width: 50, height: 50), PixelBox(x: 10, y: 85, width: 50, height: 38),
        PixelBox(x: 10, y: 173, width: 50, height: 4), PixelBox(x: 10, y: 220, width: 50, height: 40),
        PixelBox(x: 10, y: 290, width: 50, height: 50),
      ])
  }

  @Test func unusablePitchesAreHandled() throws {
    let (runs, components) = try Self.column([PixelBox(x: 10, y: 10, width: 50, height: 50)])
    for pitch in [Double.infinity, .nan, 0, -5, 1e300] {
      #expect(CharacterSegmenter().characters(members: [0], runs: runs, components: components, pitch: pitch).isEmpty)
      #expect(
        ColumnSegmenter().columns(runs: runs, components: components, kept: [0], verticalRules: [], pitch: pitch)
          == [PixelBox(x: 10, y: 10, width: 50, height: 50)])
    }
    #expect(CharacterSegmenter.estimatePitch(profiles: [[1, 2, 3]], lags: 1...Double.infinity) == nil)
  }

  @Test func splitsTouchingCharactersAtTheNarrowestRow() throws {
    // Three 50-row blocks touching through thin necks: one component 210 rows tall.
    let parts = [
      PixelBox(x: 10, y: 10, width: 50, height: 50), PixelBox(x: 33, y: 60, width: 4, height: 20),
      PixelBox(x: 10, y: 80, width: 50, height: 50), PixelBox(x: 33, y: 130, width: 4, height: 20),
      PixelBox(x: 10, y: 150, width: 50, height: 50),
    ]
    let (runs, components) = try Self.column(parts)
    #expect(components.count == 1)
    let boxes = CharacterSegmenter().characters(members: [0], runs: runs, components: components, pitch: 70)
    #expect(boxes.count == 3)
    for (box, block) in zip(boxes, [parts[0], parts[2], parts[4]]) {
      #expect(box.intersectionOverUnion(block) > 0.7)
      #expect(box.x == 10 && box.width == 50)
    }
  }

  @Test func findsRulesAndColumns() throws {
    let page = SyntheticPage.full()
    let runs = try Binarizer().runs(pixels: page.pixels, width: page.width, height: page.height)
    let segmenter = ColumnSegmenter()
    let rules = segmenter.rules(in: runs)
    #expect(rules.vertical.count == page.columns + 1)
    #expect(rules.horizontal.count == 2)
    // Each drawn rule lies inside one found rule.
    for c in 0...page.columns {
      let x = page.left + c * page.cell - 1
      #expect(
        rules.vertical.contains {
          $0.x <= x && $0.maxX >= x + 2 && $0.y <= page.top && $0.maxY >= page.top + page.rows * page.cell
        })
    }
    let clean = runs.erasing(rules.vertical + rules.horizontal)
    let components = try ConnectedComponents(runs: clean)
    let columns = segmenter.columns(
      runs: clean, components: components, kept: Array(0..<components.count), verticalRules: rules.vertical)
    #expect(columns.count == page.columns)
    // Right to left, each inside its cells.
    for (k, column) in columns.enumerated() {
      let cells = page.cellBox(k * page.rows)
      #expect(column.x >= cells.x && column.maxX <= cells.maxX)
    }
  }

  @Test func splitsColumnsRunTogetherWhenThePitchIsKnown() throws {
    // Two columns of blocks 60 wide with no gap between them and no rule.
    var parts: [PixelBox] = []
    for row in 0..<5 {
      parts.append(PixelBox(x: 10, y: 10 + 70 * row, width: 60, height: 55))
      parts.append(PixelBox(x: 70, y: 12 + 70 * row, width: 60, height: 55))
    }
    let (runs, components) = try Self.column(parts, width: 150, height: 400)
    let segmenter = ColumnSegmenter()
    let all = Array(0..<components.count)
    #expect(segmenter.columns(runs: runs, components: components, kept: all, verticalRules: []).count == 1)
    let split = segmenter.columns(runs: runs, components: components, kept: all, verticalRules: [], pitch: 70)
    #expect(split.count == 2)
    #expect(split.map(\.x) == [70, 10])
    #expect(split.map(\.width) == [60, 60])
  }
}
