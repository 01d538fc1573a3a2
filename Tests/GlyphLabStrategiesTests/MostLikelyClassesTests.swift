import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

/// Each query's few most likely classes, as the human-in-the-loop pipeline keeps them: the
/// selection from the dense probabilities against a written-out sort, and the kNN's sparse
/// path (distance probabilities, no `queries × classes` matrix) against the dense one,
/// bit for bit.
@Suite("most likely classes")
struct MostLikelyClassesTests {
  @Test func selectionIsAStableSortByProbability() throws {
    let p = Predictions(
      classes: [3, 5, 8, 9], labels: [5, 3, 9],
      probabilities: try Matrix(
        rows: 3, columns: 4, elements: [0.1, 0.6, 0.2, 0.1, 0.25, 0.25, 0.25, 0.25, 0, 0.2, 0.3, 0.5]))
    for keep in 0...6 {
      let top = p.mostLikely(keep: keep)
      var classes: [Int32] = []
      var values: [Float] = []
      for i in 0..<3 {
        let row = Array(p.probabilities.row(i))
        let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(keep)
        classes += order.map { p.classes[$0] } + [Int32](repeating: -1, count: max(0, keep - 4))
        values += order.map { row[$0] } + [Float](repeating: 0, count: max(0, keep - 4))
      }
      #expect(top == MostLikelyClasses(keep: keep, labels: p.labels, classes: classes, probabilities: values))
    }
  }

  /// The sparse path equals the dense path and its selection, on many classes (most rows
  /// far below k classes met), on integer data with exact distance ties, without smoothing,
  /// with k above the support size, and through whitening.
  @Test(arguments: [
    (classes: 40, k: 16, smoothing: Float(0.01), keep: 5, integers: false),
    (classes: 40, k: 16, smoothing: 0.01, keep: 5, integers: true),
    (classes: 7, k: 3, smoothing: 0, keep: 5, integers: true),
    (classes: 3, k: 200, smoothing: 0.2, keep: 5, integers: false),
    (classes: 12, k: 8, smoothing: 0.01, keep: 1, integers: false),
  ])
  func sparsePathEqualsTheDenseOne(
    case c: (classes: Int, k: Int, smoothing: Float, keep: Int, integers: Bool)
  ) throws {
    let (supportRows, queryRows, dimension) = (90, 57, 6)
    let support =
      c.integers
      ? NaiveReference.randomIntegers(rows: supportRows, columns: dimension, seed: 3)
      : NaiveReference.random(rows: supportRows, columns: dimension, seed: 3)
    let queries =
      c.integers
      ? NaiveReference.randomIntegers(rows: queryRows, columns: dimension, seed: 4)
      : NaiveReference.random(rows: queryRows, columns: dimension, seed: 4)
    // Labels 2, 4, 6, …: columns are not labels.
    let labels = (0..<supportRows).map { Int32(2 * ($0 * 7 % c.classes)) }
    for metric in [DistanceMetric.cosine, .squaredEuclidean] {
      for temperature in [0.05, 1e-3] {
        let knn = KNearestNeighborsClassifier(
          k: c.k, metric: metric, smoothing: c.smoothing, probabilities: .distances, temperature: temperature)
        let classifiers: [any FewShotClassifier] = [knn, WhitenedClassifier(knn)]
        for classifier in classifiers {
          let dense = try classifier.predict(support: support, supportLabels: labels, queries: queries)
          let sparse = try classifier.predictMostLikely(
            support: support, supportLabels: labels, queries: queries, keep: c.keep)
          #expect(sparse == dense.mostLikely(keep: c.keep), "\(classifier.name), \(metric), T \(temperature), \(c)")
          #expect(sparse.labels == dense.labels)
        }
      }
    }
    // Votes take the dense path.
    let votes = KNearestNeighborsClassifier(k: c.k, metric: .cosine, smoothing: c.smoothing)
    #expect(
      try votes.predictMostLikely(support: support, supportLabels: labels, queries: queries, keep: c.keep)
        == votes.predict(support: support, supportLabels: labels, queries: queries).mostLikely(keep: c.keep))
  }
}
