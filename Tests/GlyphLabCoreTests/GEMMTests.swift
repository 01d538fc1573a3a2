import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("GEMM")
struct GEMMTests {
  static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (7, 1, 5), (33, 17, 65), (64, 64, 64), (129, 3, 31), (5, 40, 1)]

  @Test(arguments: shapes)
  func matchesNaiveProduct(shape: (Int, Int, Int)) throws {
    let (m, k, n) = shape
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = NaiveReference.random(rows: ta ? k : m, columns: ta ? m : k, seed: 1)
      let b = NaiveReference.random(rows: tb ? n : k, columns: tb ? k : n, seed: 2)
      let c = try a.multiplied(
        by: b, transposeSelf: ta ? .transposed : .none, transposeOther: tb ? .transposed : .none)
      let want = NaiveReference.product(a, ta, b, tb)
      #expect(c.rows == m && c.columns == n)
      for i in 0..<m {
        for j in 0..<n { #expect(abs(Double(c[i, j]) - want[i][j]) < 1e-4 * Double(k)) }
      }
    }
  }

  @Test func alphaBetaAccumulate() throws {
    let a = NaiveReference.random(rows: 4, columns: 3, seed: 3)
    let b = NaiveReference.random(rows: 3, columns: 5, seed: 4)
    var c = Matrix(rows: 4, columns: 5, repeating: 1)
    try Matrix.gemm(a, .none, b, .none, alpha: 2, beta: 0.5, into: &c)
    let want = NaiveReference.product(a, false, b, false)
    for i in 0..<4 {
      for j in 0..<5 { #expect(abs(Double(c[i, j]) - (2 * want[i][j] + 0.5)) < 1e-5) }
    }
  }

  @Test func emptyShapes() throws {
    let zeroRows = try Matrix(rows: 0, columns: 3, elements: []).multiplied(by: Matrix(rows: 3, columns: 2))
    #expect(zeroRows.rows == 0 && zeroRows.columns == 2)
    var c = Matrix(rows: 2, columns: 2, repeating: 4)
    try Matrix.gemm(Matrix(rows: 2, columns: 0), .none, Matrix(rows: 0, columns: 2), .none, beta: 0.5, into: &c)
    #expect(c.elements == [2, 2, 2, 2], "a zero inner dimension scales c by beta")
  }

  @Test func shapeMismatchThrows() {
    var c = Matrix(rows: 2, columns: 2)
    #expect(throws: GlyphLabError.self) {
      try Matrix.gemm(Matrix(rows: 2, columns: 3), .none, Matrix(rows: 2, columns: 2), .none, into: &c)
    }
    #expect(throws: GlyphLabError.self) {
      try Matrix.gemm(Matrix(rows: 2, columns: 3), .none, Matrix(rows: 3, columns: 3), .none, into: &c)
    }
  }

  @Test func viewsMultiplyLikeCopies() throws {
    let big = NaiveReference.random(rows: 10, columns: 4, seed: 5)
    let b = NaiveReference.random(rows: 4, columns: 3, seed: 6)
    let view = big.rows(3..<8)
    let copy = try Matrix(rows: 5, columns: 4, elements: view.elements)
    #expect(try view.multiplied(by: b) == copy.multiplied(by: b))
  }
}
