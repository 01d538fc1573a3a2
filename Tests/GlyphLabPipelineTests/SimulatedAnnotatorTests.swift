import GlyphLabCore
import GlyphLabPipeline
import Testing

@Suite("Simulated annotator")
struct SimulatedAnnotatorTests {
  @Test func costAccountingAddsUpExactly() throws {
    let costs = AnnotationCostModel(
      typeSeconds: 4, confirmSeconds: 1, correctLookSeconds: 1.5, clusterBaseSeconds: 2,
      clusterPerGlyphSeconds: 0.25, markWrongSeconds: 0.75)
    var person = try SimulatedAnnotator(truth: [0, 0, 1, 1, 1, 2, 2, 0], costs: costs)
    #expect(person.type(0) == 0)
    #expect(person.review(1, suggestion: 0) == 0)  // confirm
    #expect(person.review(5, suggestion: 1) == 2)  // correct
    let grid = person.verifyCluster([2, 3, 4, 6, 7], suggestion: nil)
    #expect(grid.label == 1)
    #expect(grid.accepted == [2, 3, 4] && grid.rejected == [6, 7])
    let suggested = person.verifyCluster([6], suggestion: 2)  // correct suggestion: no typing
    #expect(suggested.accepted == [6])
    let expected = 4.0 + 1.0 + (1.5 + 4.0) + (2 + 0.25 * 5 + 4 + 0.75 * 2) + (2 + 0.25)
    #expect(person.ledger.totalSeconds == expected)
    #expect(person.ledger.counts[.type] == 1)
    #expect(person.ledger.counts[.confirm] == 1)
    #expect(person.ledger.counts[.correct] == 1)
    #expect(person.ledger.counts[.verifyCluster] == 2)
    #expect(person.ledger.counts[.markWrong] == 2)
    #expect(person.ledger.humanLabels == [0: 0, 1: 0, 5: 2, 2: 1, 3: 1, 4: 1, 6: 2])
    #expect(costs.manualEntryCost(glyphs: 8) == 32)
  }

  @Test func costEstimateMatchesTheCharge() throws {
    var person = try SimulatedAnnotator(truth: [3, 3, 4, 3])
    let estimate = person.verifyClusterCost([0, 1, 2, 3], suggestion: 3)
    let before = person.ledger.totalSeconds
    _ = person.verifyCluster([0, 1, 2, 3], suggestion: 3)
    #expect(person.ledger.totalSeconds - before == estimate)
  }

  @Test func unlabelledDataIsRefused() {
    #expect(throws: GlyphLabError.self) { try SimulatedAnnotator(truth: [0, -1, 2]) }
  }
}
