import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Logistic regression classifier")
struct LogisticRegressionClassifierTests {
  /// The gradient of (1/n)Σ CE + ‖W‖²/(2Cn), written out in double precision.
  static func gradient(
    model: LogisticRegressionModel, x: Matrix, labels: [Int32], inverseRegularization c: Double
  ) -> (weights: [[Double]], intercepts: [Double]) {
    let k = model.classes.count
    let n = Double(x.rows)
    var gw = [[Double]](repeating: [Double](repeating: 0, count: x.columns), count: k)
    var gb = [Double](repeating: 0, count: k)
    for i in 0..<x.rows {
      let z = (0..<k).map { m in
        (0..<x.columns).reduce(Double(model.intercepts[m])) { $0 + Double(model.weights[m, $1]) * Double(x[i, $1]) }
      }
      let peak = z.max()!
      let e = z.map { exp($0 - peak) }
      let total = e.reduce(0, +)
      for m in 0..<k {
        let residual = e[m] / total - (model.classes[m] == labels[i] ? 1 : 0)
        gb[m] += residual / n
        for j in 0..<x.columns { gw[m][j] += residual * Double(x[i, j]) / n }
      }
    }
    for m in 0..<k {
      for j in 0..<x.columns { gw[m][j] += Double(model.weights[m, j]) / (c * n) }
    }
    return (gw, gb)
  }

  @Test(arguments: [0.1, 1.0, 10.0])
  func solutionSatisfiesTheOptimalityConditions(inverseRegularization: Double) throws {
    let data = FewShotData.blobs(classes: 4, perClass: 15, dimensions: 6, separation: 1.5, seed: 1)
    let classifier = LogisticRegressionClassifier(
      inverseRegularization: inverseRegularization, maxIterations: 500, tolerance: 1e-5)
    let model = try classifier.fit(support: data.x, supportLabels: data.labels)
    let g = Self.gradient(model: model, x: data.x, labels: data.labels, inverseRegularization: inverseRegularization)
    let largest = (g.weights.flatMap { $0 } + g.intercepts).map(abs).max()!
    #expect(largest < 1e-4, "gradient \(largest) after \(model.iterations) iterations")
    #expect(model.converged)
    // With an unpenalised intercept its gradient vanishes: Σ (p − y) = 0 for every class.
    #expect(g.intercepts.allSatisfy { abs($0) < 1e-4 })
  }

  @Test func predictionsAreTheModelsSoftmax() throws {
    let data = FewShotData.blobs(classes: 3, perClass: 10, dimensions: 4, separation: 2, firstLabel: 5, seed: 2)
    let queries = NaiveReference.random(rows: 20, columns: 4, seed: 3)
    let classifier = LogisticRegressionClassifier()
    let model = try classifier.fit(support: data.x, supportLabels: data.labels)
    let p = try classifier.predict(support: data.x, supportLabels: data.labels, queries: queries)
    #expect(p.classes == [5, 6, 7])
    for i in 0..<20 {
      let z = (0..<3).map { m in
        (0..<4).reduce(Double(model.intercepts[m])) { $0 + Double(model.weights[m, $1]) * Double(queries[i, $1]) }
      }
      let e = z.map { exp($0 - z.max()!) }
      for m in 0..<3 { #expect(abs(Double(p.probabilities[i, m]) - e[m] / e.reduce(0, +)) < 1e-5) }
      #expect(p.labels[i] == p.classes[NaiveReference.order(z.map { -$0 })[0]])
    }
    #expect(FewShotData.probabilitiesAreDistributions(p))
  }

  @Test func separatedBlobsAreClassifiedPerfectly() throws {
    let data = FewShotData.blobs(classes: 5, perClass: 20, dimensions: 10, seed: 4)
    let supportRows = (0..<100).filter { $0 % 20 == 0 }
    let queryRows = (0..<100).filter { $0 % 20 != 0 }
    let p = try LogisticRegressionClassifier().predict(
      support: data.x.gathering(rows: supportRows), supportLabels: supportRows.map { data.labels[$0] },
      queries: data.x.gathering(rows: queryRows))
    #expect(p.labels == queryRows.map { data.labels[$0] })
  }

  @Test func strongerRegularisationGivesSofterProbabilities() throws {
    let data = FewShotData.blobs(classes: 2, perClass: 10, dimensions: 3, separation: 3, seed: 5)
    let soft = try LogisticRegressionClassifier(inverseRegularization: 0.01).predict(
      support: data.x, supportLabels: data.labels, queries: data.x)
    let sharp = try LogisticRegressionClassifier(inverseRegularization: 100).predict(
      support: data.x, supportLabels: data.labels, queries: data.x)
    let softMax = (0..<20).map { soft.probabilities.row($0).max()! }.reduce(0, +)
    let sharpMax = (0..<20).map { sharp.probabilities.row($0).max()! }.reduce(0, +)
    #expect(softMax < sharpMax)
  }

  @Test func isDeterministicAcrossThreadCounts() throws {
    let data = FewShotData.blobs(classes: 6, perClass: 40, dimensions: 64, separation: 1, seed: 6)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try LogisticRegressionClassifier().fit(support: data.x, supportLabels: data.labels)
    BLAS.threadCount = 2
    let two = try LogisticRegressionClassifier().fit(support: data.x, supportLabels: data.labels)
    #expect(one == two)
  }

  @Test func withoutInterceptTheInterceptsStayZero() throws {
    let data = FewShotData.blobs(classes: 3, perClass: 5, dimensions: 3, seed: 7)
    let model = try LogisticRegressionClassifier(fitIntercept: false).fit(support: data.x, supportLabels: data.labels)
    #expect(model.intercepts == [0, 0, 0])
  }

  @Test func badParametersAreRefused() {
    let x = NaiveReference.random(rows: 4, columns: 2, seed: 8)
    let bad = [
      LogisticRegressionClassifier(inverseRegularization: 0), .init(maxIterations: 0), .init(tolerance: 0),
      .init(memory: 0),
    ]
    for classifier in bad {
      #expect(throws: GlyphLabError.self) { try classifier.fit(support: x, supportLabels: [0, 0, 1, 1]) }
    }
    let model = LogisticRegressionModel(classes: [0, 1], weights: Matrix(rows: 2, columns: 2), intercepts: [0, 0])
    #expect(throws: GlyphLabError.self) { try model.predict(Matrix(rows: 1, columns: 3)) }
  }
}
