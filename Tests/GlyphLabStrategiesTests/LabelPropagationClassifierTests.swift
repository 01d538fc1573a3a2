import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Label propagation classifier")
struct LabelPropagationClassifierTests {
  /// Zhou et al.'s closed form on a dense graph, written out: kNN by sorted distances,
  /// W = A + Aᵀ, S = D^{-1/2}WD^{-1/2}, F = (1 − α)(I − αS)⁻¹Y by Gaussian elimination.
  static func dense(
    support: Matrix, labels: [Int32], queries: Matrix, k: Int, alpha: Double, classMass: Bool = false
  ) throws -> [[Double]] {
    let all = try Matrix.stacking([support, queries])
    let n = all.rows
    let classes = Array(Set(labels)).sorted()
    let d = NaiveReference.distances(all, all, .squaredEuclidean)
    var neighbours = [[Int]]()
    var total = 0.0
    for i in 0..<n {
      let order = NaiveReference.order(d[i]).filter { $0 != i }.prefix(k)
      neighbours.append(Array(order))
      total += order.reduce(0.0) { $0 + d[i][$1] }
    }
    let scale = total / Double(n * k)
    var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
      for j in neighbours[i] {
        let value = exp(-d[i][j] / scale)
        w[i][j] += value
        w[j][i] += value
      }
    }
    let degree = w.map { $0.reduce(0, +) }
    // A = I − αS, B = (1 − α)Y.
    var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    var b = [[Double]](repeating: [Double](repeating: 0, count: classes.count), count: n)
    for i in 0..<n {
      for j in 0..<n { a[i][j] = (i == j ? 1 : 0) - alpha * w[i][j] / (degree[i] * degree[j]).squareRoot() }
    }
    for (i, label) in labels.enumerated() { b[i][classes.firstIndex(of: label)!] = 1 - alpha }
    // Gaussian elimination with partial pivoting.
    for col in 0..<n {
      let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
      a.swapAt(col, pivot)
      b.swapAt(col, pivot)
      for r in 0..<n where r != col {
        let factor = a[r][col] / a[col][col]
        if factor == 0 { continue }
        for c in col..<n { a[r][c] -= factor * a[col][c] }
        for c in 0..<classes.count { b[r][c] -= factor * b[col][c] }
      }
    }
    var f = (support.rows..<n).map { i in (0..<classes.count).map { b[i][$0] / a[i][i] } }
    if classMass {
      // Zhu et al.'s class mass normalisation: column totals over the queries match the
      // support shares.
      for c in classes.indices {
        let mass = f.reduce(0.0) { $0 + $1[c] }
        let share = Double(labels.count { $0 == classes[c] }) / Double(labels.count)
        for i in f.indices { f[i][c] *= share / mass }
      }
    }
    return f.map { row in row.map { $0 / row.reduce(0, +) } }
  }

  @Test(arguments: LabelPropagationClassifier.Solver.allCases)
  func matchesTheDenseClosedForm(solver: LabelPropagationClassifier.Solver) throws {
    let support = NaiveReference.random(rows: 12, columns: 3, seed: 1)
    let labels = (0..<12).map { Int32($0 % 3) }
    let queries = NaiveReference.random(rows: 40, columns: 3, seed: 2)
    let classifier = LabelPropagationClassifier(
      neighbors: 6, alpha: 0.9, solver: solver, maxIterations: 5000, tolerance: 1e-10)
    let p = try classifier.predict(support: support, supportLabels: labels, queries: queries)
    let want = try Self.dense(support: support, labels: labels, queries: queries, k: 6, alpha: 0.9)
    for i in 0..<40 {
      for c in 0..<3 { #expect(abs(Double(p.probabilities[i, c]) - want[i][c]) < 1e-4, "query \(i) class \(c)") }
    }
    #expect(FewShotData.probabilitiesAreDistributions(p))
  }

  @Test func classMassNormalisationMatchesTheDenseForm() throws {
    let support = NaiveReference.random(rows: 9, columns: 3, seed: 7)
    let labels: [Int32] = [0, 0, 0, 0, 1, 1, 2, 2, 2]
    let queries = NaiveReference.random(rows: 30, columns: 3, seed: 8)
    let p = try LabelPropagationClassifier(neighbors: 4, alpha: 0.99, tolerance: 1e-10, classMassNormalization: true)
      .predict(support: support, supportLabels: labels, queries: queries)
    let want = try Self.dense(support: support, labels: labels, queries: queries, k: 4, alpha: 0.99, classMass: true)
    for i in 0..<30 {
      for c in 0..<3 { #expect(abs(Double(p.probabilities[i, c]) - want[i][c]) < 1e-4, "query \(i) class \(c)") }
      #expect(p.labels[i] == Int32(NaiveReference.order(want[i].map { -$0 })[0]))
    }
  }

  @Test func solversAgreeAtTheDefaultAlpha() throws {
    let moons = FewShotData.moons(perMoon: 100, noise: 0.08, seed: 3)
    let supportRows = [0, 50, 99, 100, 150, 199]
    let queryRows = (0..<200).filter { !supportRows.contains($0) }
    let support = moons.x.gathering(rows: supportRows)
    let queries = moons.x.gathering(rows: queryRows)
    let labels = supportRows.map { moons.labels[$0] }
    let cg = try LabelPropagationClassifier(tolerance: 1e-9).predict(
      support: support, supportLabels: labels, queries: queries)
    let fixed = try LabelPropagationClassifier(solver: .fixedPoint, maxIterations: 20_000, tolerance: 1e-10).predict(
      support: support, supportLabels: labels, queries: queries)
    #expect(cg.labels == fixed.labels)
    for (a, b) in zip(cg.probabilities.elements, fixed.probabilities.elements) { #expect(abs(a - b) < 1e-3) }
  }

  @Test func beatsPrototypesOnTwoMoons() throws {
    let moons = FewShotData.moons(perMoon: 150, noise: 0.06, seed: 4)
    let supportRows = [10, 75, 140, 160, 225, 290]
    let queryRows = (0..<300).filter { !supportRows.contains($0) }
    let support = moons.x.gathering(rows: supportRows)
    let queries = moons.x.gathering(rows: queryRows)
    let labels = supportRows.map { moons.labels[$0] }
    let truth = queryRows.map { moons.labels[$0] }
    let propagated = try LabelPropagationClassifier().predict(support: support, supportLabels: labels, queries: queries)
    let prototypes = try PrototypeClassifier().predict(support: support, supportLabels: labels, queries: queries)
    let lp = FewShotData.accuracy(propagated.labels, truth)
    let proto = FewShotData.accuracy(prototypes.labels, truth)
    #expect(lp > 0.97)
    #expect(lp > proto + 0.05, "label propagation \(lp), prototypes \(proto)")
  }

  @Test func disconnectedQueriesGetUniformProbabilitiesAndTheNearestLabel() throws {
    let support = try Matrix([[0, 0], [0, 1], [5, 0], [5, 1]])
    let queries = try Matrix([[0, 0.5], [100, 100], [100, 101]])
    // With one neighbour each, the two far queries only link to each other.
    let p = try LabelPropagationClassifier(neighbors: 1).predict(
      support: support, supportLabels: [0, 0, 1, 1], queries: queries)
    #expect(p.labels[0] == 0)
    #expect(p.probabilities.row(1).allSatisfy { $0 == 0.5 })
    #expect(p.labels[1] == 1 && p.labels[2] == 1)
  }

  @Test func isDeterministicAcrossThreadCounts() throws {
    let data = FewShotData.blobs(classes: 5, perClass: 200, dimensions: 8, separation: 8, seed: 5)
    let supportRows = (0..<1000).filter { $0 % 200 < 2 }
    let queryRows = (0..<1000).filter { $0 % 200 >= 2 }
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    var results = [Predictions]()
    for threads in [1, 2] {
      BLAS.threadCount = threads
      results.append(
        try LabelPropagationClassifier().predict(
          support: data.x.gathering(rows: supportRows), supportLabels: supportRows.map { data.labels[$0] },
          queries: data.x.gathering(rows: queryRows)))
    }
    #expect(results[0] == results[1])
    #expect(FewShotData.accuracy(results[0].labels, queryRows.map { data.labels[$0] }) == 1)
  }

  @Test func badParametersAreRefused() {
    let x = NaiveReference.random(rows: 4, columns: 2, seed: 6)
    let bad = [
      LabelPropagationClassifier(neighbors: 0), .init(alpha: 0), .init(alpha: 1), .init(bandwidth: 0),
      .init(bandwidth: .infinity), .init(maxIterations: 0), .init(tolerance: 0),
    ]
    for classifier in bad {
      #expect(throws: GlyphLabError.self) {
        try classifier.predict(support: x, supportLabels: [0, 0, 1, 1], queries: x)
      }
    }
  }
}
