import GlyphLabPipeline
import Testing

@Suite("Label floor")
struct LabelFloorTests {
  /// Counts 50, 20, 10, 5, 5, 4, 3, 2, 1 (100 glyphs, 9 classes).
  static let truth: [Int32] = [50, 20, 10, 5, 5, 4, 3, 2, 1].enumerated().flatMap { c, size in
    [Int32](repeating: Int32(c), count: size)
  }

  @Test func smallestClassesFillTheAllowance() throws {
    // 90%: 10 glyphs may be wrong; the smallest classes 1 + 2 + 3 + 4 = 10 fit, so 5 of 9
    // classes must be typed: 20 s against 400 s of manual entry.
    let floor = try LabelFloor(truth: Self.truth, target: 0.9)
    #expect(floor.typedClasses == 5)
    #expect(floor.uncoveredClasses == 4)
    #expect(floor.uncoveredGlyphs == 10)
    #expect(floor.seconds == 20)
    #expect(floor.efficiency == 20)
  }

  @Test func perfectAccuracyNeedsEveryClass() throws {
    let floor = try LabelFloor(truth: Self.truth, target: 1)
    #expect(floor.typedClasses == 9)
    #expect(abs(floor.efficiency - 100.0 / 9.0) < 1e-12)
  }

  @Test func coveredClassesNeedNoTyping() throws {
    let floor = try LabelFloor(truth: Self.truth, target: 0.9, covered: [0, 1, 2])
    // Left: 5, 5, 4, 3, 2, 1; 1 + 2 + 3 + 4 = 10 fit, so the two classes of 5 are typed.
    #expect(floor.typedClasses == 2)
    let all = try LabelFloor(truth: Self.truth, target: 1, covered: Set(0..<9))
    #expect(all.typedClasses == 0)
    #expect(all.efficiency == .infinity)
  }

  @Test func badTargetIsRefused() {
    #expect(throws: (any Error).self) { try LabelFloor(truth: Self.truth, target: 0) }
    #expect(throws: (any Error).self) { try LabelFloor(truth: Self.truth, target: 1.5) }
  }
}
