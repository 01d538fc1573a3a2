import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("PCA")
struct PCATests {
  /// Correlated data: a random mixing of independent columns with decreasing scales.
  static func correlatedData(rows: Int, columns: Int) throws -> Matrix {
    var g = SeededGenerator(seed: 21)
    let latent = Matrix(rows: rows, columns: columns) { _, j in Float(g.normal()) * Float(columns - j) }
    let mixing = NaiveReference.random(rows: columns, columns: columns, seed: 22)
    var x = try latent.multiplied(by: mixing)
    try x.subtractFromRows((0..<columns).map { Float(-$0) })  // non-zero mean
    return x
  }

  static func covariance(_ x: Matrix) -> [[Double]] {
    let means = (0..<x.columns).map { j in (0..<x.rows).reduce(0.0) { $0 + Double(x[$1, j]) } / Double(x.rows) }
    return (0..<x.columns).map { a in
      (0..<x.columns).map { b in
        (0..<x.rows).reduce(0.0) { $0 + (Double(x[$1, a]) - means[a]) * (Double(x[$1, b]) - means[b]) }
          / Double(x.rows - 1)
      }
    }
  }

  @Test func componentsAreEigenvectorsOfTheCovariance() throws {
    let x = try Self.correlatedData(rows: 500, columns: 6)
    let model = try PCA(components: 4, blockRows: 64).fit(x)
    let cov = Self.covariance(x)
    let total = (0..<6).reduce(0.0) { $0 + cov[$1][$1] }
    for c in 0..<4 {
      let v = Array(model.components.row(c)).map(Double.init)
      let lambda = Double(model.explainedVariance[c])
      for i in 0..<6 {
        let av = (0..<6).reduce(0.0) { $0 + cov[i][$1] * v[$1] }
        #expect(abs(av - lambda * v[i]) < 1e-3 * max(1, lambda), "C·v = λ·v for component \(c)")
      }
      #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5, "unit length")
      let largest = v.max { abs($0) < abs($1) } ?? 0
      #expect(largest > 0, "sign convention: largest entry positive")
      #expect(abs(Double(model.explainedVarianceRatio[c]) - lambda / total) < 1e-5)
    }
    #expect(model.explainedVariance == model.explainedVariance.sorted(by: >))
    for a in 0..<4 {
      for b in (a + 1)..<4 {
        let dot = zip(model.components.row(a), model.components.row(b)).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        #expect(abs(dot) < 1e-4, "orthogonal")
      }
    }
  }

  /// At d = 576 OpenBLAS threads SSYRK and LAPACK's blocked steps, and rounds differently at
  /// 1 and 2 threads; the fit runs them single-threaded, so it must not change.
  @Test func theThreadCountChangesNothing() throws {
    let x = NaiveReference.random(rows: 1_500, columns: 576, seed: 23)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    var fits: [PCAModel] = []
    for threads in [1, 2] {
      BLAS.threadCount = threads
      fits.append(try PCA(components: 16, blockRows: 1_024).fit(x))
    }
    #expect(fits[0].components.elements == fits[1].components.elements)
    #expect(fits[0].explainedVariance == fits[1].explainedVariance)
  }

  @Test func whiteningGivesUnitVariance() throws {
    let x = try Self.correlatedData(rows: 400, columns: 5)
    let model = try PCA(components: 3, whiten: true).fit(x)
    let y = try model.transform(x)
    let cov = Self.covariance(y)
    for a in 0..<3 {
      for b in 0..<3 { #expect(abs(cov[a][b] - (a == b ? 1 : 0)) < 1e-3) }
    }
  }

  @Test func fullRankVarianceSumsToOne() throws {
    let x = try Self.correlatedData(rows: 200, columns: 4)
    let model = try PCA(components: 4).fit(x)
    #expect(abs(model.explainedVarianceRatio.reduce(0, +) - 1) < 1e-5)
  }

  @Test func badInputThrows() throws {
    let x = try Self.correlatedData(rows: 50, columns: 4)
    #expect(throws: GlyphLabError.self) { try PCA(components: 0).fit(x) }
    #expect(throws: GlyphLabError.self) { try PCA(components: 5).fit(x) }
    #expect(throws: GlyphLabError.self) { try PCA(components: 2).fit(x.rows(0..<1)) }
    var bad = x
    bad[3, 3] = .nan
    #expect(throws: GlyphLabError.self) { try PCA(components: 2).fit(bad) }
    let constant = Matrix(rows: 20, columns: 3, repeating: 7)
    #expect(throws: GlyphLabError.self) { try PCA(components: 1, whiten: true).fit(constant) }
    let model = try PCA(components: 2).fit(x)
    #expect(throws: GlyphLabError.self) { try model.transform(Matrix(rows: 2, columns: 3)) }
  }
}
