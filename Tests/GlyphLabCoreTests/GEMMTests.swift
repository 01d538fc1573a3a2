import GlyphLabTestSupport
import Testing

@testable import GlyphLabCore

@Suite("GEMM")
struct GEMMTests {
  static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (7, 1, 5), (33, 17, 65), (64, 64, 64), (129, 3, 31), (5, 40, 1)]

  /// Random `a` and `b` whose products op(a)·op(b) are m×k by k×n, stored transposed where asked.
  static func operands(m: Int, k: Int, n: Int, transposed: (Bool, Bool), seeds: (UInt64, UInt64)) -> (Matrix, Matrix) {
    let (ta, tb) = transposed
    return (
      NaiveReference.random(rows: ta ? k : m, columns: ta ? m : k, seed: seeds.0),
      NaiveReference.random(rows: tb ? n : k, columns: tb ? k : n, seed: seeds.1)
    )
  }

  @Test(arguments: shapes)
  func matchesNaiveProduct(shape: (Int, Int, Int)) throws {
    let (m, k, n) = shape
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let (a, b) = Self.operands(m: m, k: k, n: n, transposed: (ta, tb), seeds: (1, 2))
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

  /// Products big enough to be cut into blocks, along rows (m ≥ n) and along columns.
  static let partitioned: [(Int, Int, Int)] = [(300, 70, 90), (37, 1500, 24), (45, 64, 1_400), (1_111, 33, 129)]

  @Test(arguments: partitioned)
  func blockedProductsMatchTheNaiveProduct(shape: (Int, Int, Int)) throws {
    let (m, k, n) = shape
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let (a, b) = Self.operands(m: m, k: k, n: n, transposed: (ta, tb), seeds: (5, 6))
      var c = Matrix(rows: m, columns: n, repeating: 1)
      try Matrix.gemm(a, ta ? .transposed : .none, b, tb ? .transposed : .none, alpha: 2, beta: 0.5, into: &c)
      let want = NaiveReference.product(a, ta, b, tb)
      var worst = 0.0
      for i in 0..<m {
        for j in 0..<n { worst = max(worst, abs(Double(c[i, j]) - (2 * want[i][j] + 0.5))) }
      }
      #expect(worst < 1e-4 * Double(k), "\(m)×\(k)×\(n), transposed \(ta) \(tb): off by \(worst)")
    }
  }

  /// OpenBLAS's own threading rounds differently at 1 and 2 threads for most of these
  /// shapes (those of a cosine-softmax head and a linear layer); the blocked product must not.
  @Test func theThreadCountChangesNothing() throws {
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    for (m, k, n, ta, tb) in [
      (37, 1_500, 24, false, false), (37, 24, 1_500, false, true), (1_500, 37, 24, true, false),
      (128, 128, 3_713, false, true), (128, 3_713, 128, false, false), (3_713, 128, 128, true, false),
      (128, 1_024, 128, false, true),
    ] {
      let (a, b) = Self.operands(m: m, k: k, n: n, transposed: (ta, tb), seeds: (7, 8))
      var results: [[Float]] = []
      for threads in [1, 2, 3] {
        BLAS.threadCount = threads
        results.append(
          try a.multiplied(by: b, transposeSelf: ta ? .transposed : .none, transposeOther: tb ? .transposed : .none)
            .elements)
      }
      let differing = results.dropFirst().map { other in
        zip(results[0], other).filter { $0.bitPattern != $1.bitPattern }.count
      }
      #expect(differing == [0, 0], "\(m)×\(k)×\(n): elements that differ from 1 thread at 2 and 3")
    }
  }

  /// The blocks cover the rows (or columns) once, in order, are a multiple of 16 long but
  /// for the last, and follow from the shape alone.
  @Test func blocksCoverTheProductOnce() {
    for (m, n, k) in [
      (1, 1, 1), (37, 24, 1_500), (128, 3_713, 128), (8_192, 128, 1_024), (100_000, 64, 64), (63, 65, 2_000),
    ] {
      let p = GEMMPartition(m: m, n: n, k: k)
      #expect(p.alongRows == (m >= n))
      #expect(p.extent == max(m, n))
      #expect((1...16).contains(p.blocks))
      let ranges = (0..<p.blocks).map(p.range(of:))
      #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == p.extent)
      #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$1.isEmpty })
      #expect(ranges.dropLast().allSatisfy { $0.count % 16 == 0 })
    }
    #expect(GEMMPartition(m: 37, n: 24, k: 1_500).blocks == 1)
    #expect(GEMMPartition(m: 128, n: 3_713, k: 128).blocks == 16)
  }
}
