import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("k-nearest-neighbour classifier")
struct KNearestNeighborsClassifierTests {
  /// kNN written out: sort by (distance, index), weight, tally, break ties by first seen.
  static func naive(
    support: Matrix, labels: [Int32], queries: Matrix, k: Int, weighting: KNearestNeighborsClassifier.Weighting,
    metric: DistanceMetric, smoothing: Double
  ) -> (labels: [Int32], probabilities: [[Double]]) {
    let classes = Array(Set(labels)).sorted()
    let all = NaiveReference.distances(queries, support, metric)
    var outLabels = [Int32]()
    var outProbabilities = [[Double]]()
    for row in all {
      let order = Array(NaiveReference.order(row).prefix(k))
      let exact = order.contains { row[$0] == 0 }
      var tally = [Int32: Double]()
      for j in order {
        let length = metric == .squaredEuclidean ? row[j].squareRoot() : row[j]
        let w: Double
        switch weighting {
        case .uniform: w = 1
        case .distance: w = exact ? (row[j] == 0 ? 1 : 0) : 1 / length
        }
        tally[labels[j], default: 0] += w
      }
      let top = tally.values.max() ?? 0
      outLabels.append(labels[order.first { tally[labels[$0]] == top }!])
      let total = tally.values.reduce(0, +)
      outProbabilities.append(
        classes.map { (1 - smoothing) * (tally[$0] ?? 0) / total + smoothing / Double(classes.count) })
    }
    return (outLabels, outProbabilities)
  }

  static let cases: [(Int, KNearestNeighborsClassifier.Weighting, DistanceMetric)] = [
    (1, .uniform, .squaredEuclidean), (5, .uniform, .squaredEuclidean), (5, .distance, .squaredEuclidean),
    (7, .distance, .cosine), (4, .uniform, .cosine), (100, .uniform, .squaredEuclidean),
  ]

  @Test(arguments: cases.indices)
  func matchesNaiveImplementation(index: Int) throws {
    let (k, weighting, metric) = Self.cases[index]
    let support = NaiveReference.random(rows: 50, columns: 5, seed: 1)
    let labels = (0..<50).map { Int32(($0 * 7) % 6) * 3 }
    let queries = NaiveReference.random(rows: 40, columns: 5, seed: 2)
    let classifier = KNearestNeighborsClassifier(k: k, weighting: weighting, metric: metric, smoothing: 0.02)
    let got = try classifier.predict(support: support, supportLabels: labels, queries: queries)
    let want = Self.naive(
      support: support, labels: labels, queries: queries, k: k, weighting: weighting, metric: metric,
      smoothing: 0.02)
    #expect(got.labels == want.labels)
    for i in 0..<40 {
      for c in 0..<got.classes.count {
        #expect(abs(Double(got.probabilities[i, c]) - want.probabilities[i][c]) < 1e-4)
      }
    }
    #expect(FewShotData.probabilitiesAreDistributions(got))
  }

  @Test func exactMatchesOutvoteEverythingUnderDistanceWeighting() throws {
    let support = try Matrix([[0, 0], [5, 5], [5, 6], [6, 5]])
    let p = try KNearestNeighborsClassifier(k: 4, weighting: .distance, smoothing: 0).predict(
      support: support, supportLabels: [1, 2, 2, 2], queries: try Matrix([[0, 0]]))
    #expect(p.labels == [1])
    #expect(p.probabilities.elements == [1, 0])
  }

  @Test func uniformTiesGoToTheNearestClass() throws {
    // 1-shot, k = 3: every class gets one vote; the nearest row's class must win, not the
    // lowest label.
    let support = try Matrix([[0], [10], [3]])
    let p = try KNearestNeighborsClassifier(k: 3).predict(
      support: support, supportLabels: [0, 1, 2], queries: try Matrix([[9], [2]]))
    #expect(p.labels == [1, 2])
  }

  @Test func smoothingKeepsTheArgmaxAndAvoidsCertainty() throws {
    let data = FewShotData.blobs(classes: 5, perClass: 10, dimensions: 5, seed: 3)
    let p = try KNearestNeighborsClassifier().predict(support: data.x, supportLabels: data.labels, queries: data.x)
    #expect(p.labels == data.labels)
    #expect(p.probabilities.elements.allSatisfy { $0 > 0 && $0 < 1 })
    #expect(abs(p.probabilities[0, 0] - (0.99 + 0.01 / 5)) < 1e-6)
  }

  /// Distance probabilities written out: each class's nearest distance among the k nearest
  /// rows, a softmax of their gaps to the nearest at `temperature`, mixed with `smoothing`.
  @Test(arguments: [(1, DistanceMetric.squaredEuclidean), (6, .squaredEuclidean), (9, .cosine), (50, .cosine)])
  func distanceProbabilitiesMatchTheSoftmaxWrittenOut(k: Int, metric: DistanceMetric) throws {
    let support = NaiveReference.random(rows: 50, columns: 5, seed: 5)
    let labels = (0..<50).map { Int32(($0 * 7) % 6) * 3 }
    let queries = NaiveReference.random(rows: 30, columns: 5, seed: 6)
    let (temperature, smoothing) = (0.2, 0.02)
    let got = try KNearestNeighborsClassifier(
      k: k, metric: metric, smoothing: Float(smoothing), probabilities: .distances, temperature: temperature
    ).predict(support: support, supportLabels: labels, queries: queries)
    let classes = Array(Set(labels)).sorted()
    for (i, row) in NaiveReference.distances(queries, support, metric).enumerated() {
      let order = Array(NaiveReference.order(row).prefix(k))
      var nearest: [Int32: Double] = [:]
      for j in order where nearest[labels[j]] == nil { nearest[labels[j]] = row[j] }
      let weights = nearest.mapValues { exp((row[order[0]] - $0) / temperature) }
      let total = weights.values.reduce(0, +)
      #expect(got.labels[i] == labels[order[0]])
      for (c, cls) in classes.enumerated() {
        let want = (1 - smoothing) * (weights[cls] ?? 0) / total + smoothing / Double(classes.count)
        #expect(abs(Double(got.probabilities[i, c]) - want) < 1e-5)
      }
    }
    #expect(FewShotData.probabilitiesAreDistributions(got))
  }

  /// With votes and k = 1 every query's probabilities are the same vector, so a margin ranks
  /// nothing; with distances the margin grows with the runner-up's distance.
  @Test func distanceProbabilitiesGiveAMarginThatVotesDoNot() throws {
    let support = try Matrix([[0], [10]])
    let queries = try Matrix([[1], [4], [4.9]])
    func margins(_ p: Predictions) -> [Float] {
      (0..<p.probabilities.rows).map { i in
        let row = p.probabilities.row(i).sorted(by: >)
        return row[0] - row[1]
      }
    }
    let votes = try KNearestNeighborsClassifier(k: 1).predict(
      support: support, supportLabels: [0, 1], queries: queries)
    #expect(Set(margins(votes)).count == 1)
    let distances = try KNearestNeighborsClassifier(k: 2, probabilities: .distances, temperature: 10).predict(
      support: support, supportLabels: [0, 1], queries: queries)
    #expect(distances.labels == [0, 0, 0])
    let m = margins(distances)
    #expect(m[0] > m[1] && m[1] > m[2] && m[2] > 0)
  }

  @Test func badParametersAreRefused() {
    let x = NaiveReference.random(rows: 4, columns: 2, seed: 4)
    for classifier in [
      KNearestNeighborsClassifier(k: 0), .init(smoothing: 1), .init(smoothing: -0.1), .init(temperature: 0),
      .init(temperature: -1), .init(temperature: .nan),
    ] {
      #expect(throws: GlyphLabError.self) {
        try classifier.predict(support: x, supportLabels: [0, 0, 1, 1], queries: x)
      }
    }
  }
}
