import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Prototype classifier")
struct PrototypeClassifierTests {
  @Test func handComputedTwoDimensionalCase() throws {
    // Class 3: (0,0), (2,0) → mean (1,0). Class 8: (0,4), (0,6) → mean (0,5).
    let support = try Matrix([[0, 0], [2, 0], [0, 4], [0, 6]])
    let queries = try Matrix([[1, 1], [0, 5], [0.5, 2.5]])
    let p = try PrototypeClassifier(temperature: .fixed(4)).predict(
      support: support, supportLabels: [3, 3, 8, 8], queries: queries)
    #expect(p.classes == [3, 8])
    // Query (1,1): squared distances 1 and 17 → p(3) = 1 / (1 + e^{−16/4}).
    #expect(abs(Double(p.probabilities[0, 0]) - 1 / (1 + exp(-4.0))) < 1e-6)
    // Query (0,5): 26 and 0 → p(8) = 1 / (1 + e^{−26/4}).
    #expect(abs(Double(p.probabilities[1, 1]) - 1 / (1 + exp(-6.5))) < 1e-6)
    // Query (0.5, 2.5): 0.25 + 6.25 = 6.5 and 0.25 + 6.25 = 6.5: a tie, the lowest class.
    #expect(abs(p.probabilities[2, 0] - 0.5) < 1e-6)
    #expect(p.labels == [3, 8, 3])
  }

  @Test func cosinePrototypesAreMeanDirections() throws {
    // Rows (2,0) and (0,3) normalise to (1,0), (0,1): mean direction (1,1)/√2, so the query
    // (1,1) is at cosine distance 0 from class 0, and (1,−1) at distance 1.
    let support = try Matrix([[2, 0], [0, 3], [-1, 0]])
    let queries = try Matrix([[1, 1], [1, -1]])
    let p = try PrototypeClassifier(metric: .cosine, temperature: .fixed(0.5)).predict(
      support: support, supportLabels: [0, 0, 1], queries: queries)
    // Query (1,1): distances 0 and 1 + 1/√2; query (1,−1): 1 and 1 + 1/√2.
    let far = 1 + 1 / 2.0.squareRoot()
    #expect(abs(Double(p.probabilities[0, 0]) - 1 / (1 + exp(-far / 0.5))) < 1e-5)
    #expect(abs(Double(p.probabilities[1, 0]) - 1 / (1 + exp(-(far - 1) / 0.5))) < 1e-5)
  }

  @Test(arguments: DistanceMetric.allCases)
  func separatedBlobsAreClassifiedPerfectly(metric: DistanceMetric) throws {
    let data = FewShotData.blobs(classes: 5, perClass: 20, dimensions: 8, firstLabel: 10, seed: 4)
    let supportRows = (0..<100).filter { $0 % 20 < 3 }
    let queryRows = (0..<100).filter { $0 % 20 >= 3 }
    let p = try PrototypeClassifier(metric: metric).predict(
      support: data.x.gathering(rows: supportRows), supportLabels: supportRows.map { data.labels[$0] },
      queries: data.x.gathering(rows: queryRows))
    #expect(p.labels == queryRows.map { data.labels[$0] })
    #expect(FewShotData.probabilitiesAreDistributions(p))
    #expect(p.classes == [10, 11, 12, 13, 14])
  }

  @Test func matchesNaiveNearestMean() throws {
    let support = NaiveReference.random(rows: 40, columns: 6, seed: 5)
    let labels = (0..<40).map { Int32($0 % 7) }
    let queries = NaiveReference.random(rows: 30, columns: 6, seed: 6)
    let p = try PrototypeClassifier(temperature: .fixed(0.3)).predict(
      support: support, supportLabels: labels, queries: queries)
    var means = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 7)
    var counts = [Double](repeating: 0, count: 7)
    for i in 0..<40 {
      counts[Int(labels[i])] += 1
      for j in 0..<6 { means[Int(labels[i])][j] += Double(support[i, j]) }
    }
    for c in 0..<7 { means[c] = means[c].map { $0 / counts[c] } }
    for i in 0..<30 {
      let d = means.map { m in (0..<6).reduce(0.0) { $0 + pow(Double(queries[i, $1]) - m[$1], 2) } }
      let z = d.map { exp(-$0 / 0.3) }.reduce(0, +)
      for c in 0..<7 { #expect(abs(Double(p.probabilities[i, c]) - exp(-d[c] / 0.3) / z) < 1e-5) }
      #expect(Int(p.labels[i]) == NaiveReference.order(d)[0])
    }
  }

  @Test func automaticTemperatureIsScaleFree() throws {
    let data = FewShotData.blobs(classes: 4, perClass: 6, dimensions: 5, separation: 3, seed: 7)
    let queries = NaiveReference.random(rows: 10, columns: 5, seed: 8)
    let classifier = PrototypeClassifier()
    let p = try classifier.predict(support: data.x, supportLabels: data.labels, queries: queries)
    var scaledX = data.x
    scaledX.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] *= 100 } }
    var scaledQ = queries
    scaledQ.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] *= 100 } }
    let q = try classifier.predict(support: scaledX, supportLabels: data.labels, queries: scaledQ)
    #expect(p.labels == q.labels)
    for (a, b) in zip(p.probabilities.elements, q.probabilities.elements) { #expect(abs(a - b) < 1e-4) }
  }

  @Test func isDeterministicAcrossThreadCounts() throws {
    let data = FewShotData.blobs(classes: 6, perClass: 10, dimensions: 12, separation: 2, seed: 9)
    let queries = NaiveReference.random(rows: 500, columns: 12, seed: 10)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try PrototypeClassifier().predict(support: data.x, supportLabels: data.labels, queries: queries)
    BLAS.threadCount = 2
    let two = try PrototypeClassifier().predict(support: data.x, supportLabels: data.labels, queries: queries)
    #expect(one == two)
  }

  @Test func badTemperatureIsRefused() {
    let x = NaiveReference.random(rows: 4, columns: 2, seed: 11)
    for rule in [SoftmaxTemperature.fixed(0), .fixed(-1), .relative(0), .leaveOneOut(fallbackFactor: .nan)] {
      #expect(throws: GlyphLabError.self) {
        try PrototypeClassifier(temperature: rule).predict(support: x, supportLabels: [0, 0, 1, 1], queries: x)
      }
    }
  }
}
