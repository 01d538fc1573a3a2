import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Within-class whitening")
struct WithinClassWhiteningTests {
  /// Two classes that differ along x; both spread widely along y (a "style" direction).
  static func data() -> (Matrix, [Int32]) {
    var g = SeededGenerator(seed: 8)
    var rows: [[Float]] = []
    var labels: [Int32] = []
    for i in 0..<200 {
      let c = Int32(i % 2)
      rows.append([Float(c) + Float(g.normal() * 0.1), Float(g.normal() * 10)])
      labels.append(c)
    }
    return ((try? Matrix(rows)) ?? Matrix(rows: 0, columns: 2), labels)
  }

  @Test func withinClassCovarianceBecomesIdentity() throws {
    let (x, y) = Self.data()
    let w = try WithinClassWhitening.fit(x, labels: y, shrinkage: 0)
    let z = try w.transform(x)
    // Pooled within-class covariance of z, computed naively.
    var means = [[Double]](repeating: [0, 0], count: 2)
    var counts = [0, 0]
    for i in 0..<z.rows {
      counts[Int(y[i])] += 1
      for j in 0..<2 { means[Int(y[i])][j] += Double(z[i, j]) }
    }
    for c in 0..<2 { for j in 0..<2 { means[c][j] /= Double(counts[c]) } }
    var cov = [[0.0, 0.0], [0.0, 0.0]]
    for i in 0..<z.rows {
      for a in 0..<2 {
        for b in 0..<2 {
          cov[a][b] += (Double(z[i, a]) - means[Int(y[i])][a]) * (Double(z[i, b]) - means[Int(y[i])][b])
        }
      }
    }
    for a in 0..<2 { for b in 0..<2 { #expect(abs(cov[a][b] / Double(z.rows - 2) - (a == b ? 1 : 0)) < 1e-3) } }
  }

  @Test func badInput() {
    let (x, y) = Self.data()
    #expect(throws: GlyphLabError.self) { try WithinClassWhitening.fit(x, labels: Array(y.dropLast())) }
    #expect(throws: GlyphLabError.self) { try WithinClassWhitening.fit(x, labels: y, shrinkage: 2) }
    #expect(throws: GlyphLabError.self) { try WithinClassWhitening.fit(x.rows(0..<1), labels: [0]) }
    #expect(throws: GlyphLabError.self) {
      try WithinClassWhitening.fit(x, labels: y).transform(Matrix(rows: 1, columns: 3))
    }
  }
}
