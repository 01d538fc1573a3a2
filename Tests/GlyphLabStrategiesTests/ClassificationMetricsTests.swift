import GlyphLabCore
import GlyphLabStrategies
import Testing

@Suite("Classification metrics")
struct ClassificationMetricsTests {
  @Test func countsAndAccuraciesByHand() throws {
    // Class 1: 4 rows, 3 right. Class 2: 1 row, wrong (predicted 1). Class 9: 1 row, right.
    let truth: [Int32] = [1, 1, 1, 1, 2, 9]
    let predicted: [Int32] = [1, 1, 1, 9, 1, 9]
    let m = try ClassificationMetrics(truth: truth, predicted: predicted)
    #expect(m.count == 6)
    #expect(abs(m.accuracy - 4.0 / 6) < 1e-12)
    // Recalls 3/4, 0, 1 → macro 7/12 (scikit-learn's balanced_accuracy_score).
    #expect(abs(m.macroAccuracy - 7.0 / 12) < 1e-12)
    #expect(
      m.perClass == [
        .init(label: 1, truth: 4, predicted: 4, correct: 3), .init(label: 2, truth: 1, predicted: 0, correct: 0),
        .init(label: 9, truth: 1, predicted: 2, correct: 1),
      ])
    #expect(m.perClass[1].precision == nil && m.perClass[2].precision == 0.5)
  }

  @Test func topKCountsTheTrueClassAmongTheMostProbable() throws {
    let p = Predictions(
      classes: [0, 1, 2], labels: [0, 1, 0, 0],
      probabilities: try Matrix([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3], [0.4, 0.4, 0.2], [0.5, 0.3, 0.2]]))
    let truth: [Int32] = [1, 1, 1, 7]
    #expect(try ClassificationMetrics.topKAccuracy(truth: truth, predictions: p, k: 1) == 0.5)
    #expect(try ClassificationMetrics.topKAccuracy(truth: truth, predictions: p, k: 2) == 0.75)
    #expect(try ClassificationMetrics.topKAccuracy(truth: truth, predictions: p, k: 3) == 0.75)
    let m = try ClassificationMetrics(truth: truth, predictions: p, topK: [1, 2])
    #expect(m.topK == [1: 0.5, 2: 0.75])
    #expect(m.accuracy == 0.25)
  }

  @Test func badInputIsRefused() throws {
    #expect(throws: GlyphLabError.self) { try ClassificationMetrics(truth: [1], predicted: [1, 2]) }
    #expect(throws: GlyphLabError.self) { try ClassificationMetrics(truth: [], predicted: []) }
    let p = Predictions(classes: [0, 1], labels: [0], probabilities: try Matrix([[0.6, 0.4]]))
    #expect(throws: GlyphLabError.self) { try ClassificationMetrics.topKAccuracy(truth: [0], predictions: p, k: 0) }
    #expect(throws: GlyphLabError.self) { try ClassificationMetrics.topKAccuracy(truth: [0, 1], predictions: p, k: 1) }
  }
}
