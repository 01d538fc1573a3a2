import GlyphLabCore
import GlyphLabDetection
import Testing

@Suite("Connected components and ink runs")
struct ConnectedComponentsTests {
  /// A tiny hand-made image ('#' ink) and its components, labelled by hand.
  static let picture = [
    "##..#....",
    "#...#..#.",
    "....##.#.",
    ".#......#",
    "#.#...##.",
  ]

  static func image(_ rows: [String]) -> (pixels: [UInt8], width: Int, height: Int) {
    (rows.flatMap { $0.map { $0 == "#" ? UInt8(1) : 0 } }, rows[0].count, rows.count)
  }

  @Test func labelsATinyImageBy8Connectivity() throws {
    let (pixels, width, height) = Self.image(Self.picture)
    let runs = try InkRuns(binary: pixels, width: width, height: height)
    let components = try ConnectedComponents(runs: runs)
    // By hand, in raster order of first pixel: A = top-left L, B = column 4 stroke,
    // C = column 7 stroke with the diagonal tail to (8, 3) and (6–7, 4), D = the 'x' at bottom left.
    let expected: [[Int32]] = [
      [1, 1, 0, 0, 2, 0, 0, 0, 0],
      [1, 0, 0, 0, 2, 0, 0, 3, 0],
      [0, 0, 0, 0, 2, 2, 0, 3, 0],
      [0, 4, 0, 0, 0, 0, 0, 0, 3],
      [4, 0, 4, 0, 0, 0, 3, 3, 0],
    ]
    #expect(components.count == 4)
    #expect(components.labelImage(runs) == expected.flatMap { $0 })
    #expect(components.areas == [3, 4, 5, 3])
    #expect(components.boxes[0] == PixelBox(x: 0, y: 0, width: 2, height: 2))
    #expect(components.boxes[2] == PixelBox(x: 6, y: 1, width: 3, height: 4))
    #expect(components.boxes[3] == PixelBox(x: 0, y: 3, width: 3, height: 2))
    // Heights 2, 2, 3, 4 carry 3, 3, 4, 5 of the 15 pixels: half the ink is at height ≤ 3.
    #expect(components.medianHeight(weightedByArea: [0, 1, 2, 3]) == 3)
    #expect(components.medianHeight(weightedByArea: [2]) == 4)
    #expect(components.medianHeight(weightedByArea: []) == nil)
  }

  @Test func fourConnectivitySplitsDiagonals() throws {
    let (pixels, width, height) = Self.image(Self.picture)
    let runs = try InkRuns(binary: pixels, width: width, height: height)
    let components = try ConnectedComponents(runs: runs, connectivity: 4)
    // The diagonal steps now separate: the 'x' is three pieces, the tail two more.
    #expect(components.count == 8)
    #expect(components.labelImage(runs) == Self.floodFill(pixels, width: width, height: height, diagonal: false))
    #expect(throws: GlyphLabError.self) { try ConnectedComponents(runs: runs, connectivity: 6) }
  }

  /// A naive flood fill numbering components in raster order of their first pixel.
  static func floodFill(_ pixels: [UInt8], width: Int, height: Int, diagonal: Bool) -> [Int32] {
    var labels = [Int32](repeating: 0, count: pixels.count)
    var next: Int32 = 0
    for start in pixels.indices where pixels[start] != 0 && labels[start] == 0 {
      next += 1
      labels[start] = next
      var stack = [start]
      while let i = stack.popLast() {
        let (x, y) = (i % width, i / width)
        for dy in -1...1 {
          for dx in -1...1 where (dx, dy) != (0, 0) && (diagonal || dx == 0 || dy == 0) {
            let (nx, ny) = (x + dx, y + dy)
            guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
            let j = ny * width + nx
            if pixels[j] != 0 && labels[j] == 0 {
              labels[j] = next
              stack.append(j)
            }
          }
        }
      }
    }
    return labels
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func matchesAFloodFillOnRandomImages(seed: UInt64) throws {
    var g = SeededGenerator(seed: seed)
    let (width, height) = (37, 23)
    let pixels = (0..<(width * height)).map { _ in UInt8(g.uniformDouble() < 0.45 ? 1 : 0) }
    let runs = try InkRuns(binary: pixels, width: width, height: height)
    for diagonal in [true, false] {
      let components = try ConnectedComponents(runs: runs, connectivity: diagonal ? 8 : 4)
      let naive = Self.floodFill(pixels, width: width, height: height, diagonal: diagonal)
      #expect(components.labelImage(runs) == naive)
      #expect(components.count == Int(naive.max() ?? 0))
      #expect(components.areas.reduce(0, +) == pixels.count { $0 != 0 })
      // Each component's runs cover exactly its pixels.
      for c in 0..<components.count {
        let area = components.runs(of: c).reduce(0) { $0 + Int(runs.ends[Int($1)] - runs.starts[Int($1)]) }
        #expect(area == components.areas[c])
      }
    }
  }

  @Test func runsRoundTripAndAnswerQueries() throws {
    var g = SeededGenerator(seed: 9)
    let (width, height) = (29, 17)
    let pixels = (0..<(width * height)).map { _ in UInt8(g.uniformDouble() < 0.5 ? 1 : 0) }
    let runs = try InkRuns(binary: pixels, width: width, height: height)
    #expect(runs.pixels() == pixels)
    #expect(runs.inkPixels == pixels.count { $0 != 0 })
    for y in 0..<height {
      for x in 0..<width { #expect(runs.contains(x: x, y: y) == (pixels[y * width + x] != 0)) }
      for r in runs.runs(inRow: y) { #expect(runs.row(ofRun: r) == y) }
      #expect(runs.inkCount(row: y, from: 3, to: 20) == (3..<20).count { pixels[y * width + $0] != 0 })
    }
    #expect(!runs.contains(x: -1, y: 0) && !runs.contains(x: 0, y: height))
    // Erasing boxes equals clearing their pixels.
    let boxes = [
      PixelBox(x: 2, y: 3, width: 5, height: 4), PixelBox(x: 5, y: 5, width: 30, height: 2),
      PixelBox(x: -3, y: 15, width: 6, height: 9),
    ]
    var cleared = pixels
    for box in boxes {
      for y in max(0, box.y)..<min(height, box.maxY) {
        for x in max(0, box.x)..<min(width, box.maxX) { cleared[y * width + x] = 0 }
      }
    }
    #expect(runs.erasing(boxes).pixels() == cleared)
    #expect(throws: GlyphLabError.self) { try InkRuns(binary: [1, 0, 1], width: 2, height: 2) }
  }

  @Test func emptyImagesHaveNoComponents() throws {
    for (width, height) in [(0, 0), (5, 0), (0, 5), (4, 3)] {
      let runs = try InkRuns(binary: [UInt8](repeating: 0, count: width * height), width: width, height: height)
      let components = try ConnectedComponents(runs: runs)
      #expect(runs.count == 0)
      #expect(components.count == 0)
      #expect(components.labelImage(runs).allSatisfy { $0 == 0 })
    }
  }
}
