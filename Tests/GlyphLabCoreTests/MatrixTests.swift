import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("Matrix")
struct MatrixTests {
  @Test func elementsAreRowMajor() throws {
    let m = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
    #expect(m[0, 2] == 3)
    #expect(m[1, 0] == 4)
    #expect(Array(m.row(1)) == [4, 5, 6])
  }

  @Test func wrongElementCountThrows() {
    #expect(throws: GlyphLabError.self) { try Matrix(rows: 2, columns: 3, elements: [1, 2]) }
    #expect(throws: GlyphLabError.self) { try Matrix([[1, 2], [3]]) }
  }

  @Test func rowViewsShareStorageAndCopyOnWrite() throws {
    let m = try Matrix(rows: 4, columns: 2, elements: [0, 1, 2, 3, 4, 5, 6, 7])
    var view = m.rows(1..<3)
    #expect(view.rows == 2)
    #expect(view.elements == [2, 3, 4, 5])
    view[0, 0] = 99
    #expect(view[0, 0] == 99)
    #expect(m[1, 0] == 2, "writing through a view must not change the parent")
    #expect(view.rows(1..<2).elements == [4, 5])
  }

  @Test func emptyShapes() {
    let m = Matrix(rows: 0, columns: 5)
    #expect(m.count == 0)
    #expect(m.rows(0..<0).rows == 0)
    #expect(m.rowSquaredNorms().isEmpty)
  }

  @Test func gatherTransposeStack() throws {
    let m = try Matrix([[1, 2], [3, 4], [5, 6]])
    #expect(m.gathering(rows: [2, 0]).elements == [5, 6, 1, 2])
    #expect(m.transposed().elements == [1, 3, 5, 2, 4, 6])
    let stacked = try Matrix.stacking([m.rows(0..<1), m.rows(2..<3)])
    #expect(stacked.elements == [1, 2, 5, 6])
    #expect(throws: GlyphLabError.self) { try Matrix.stacking([m, Matrix(rows: 1, columns: 3)]) }
  }

  @Test func requireFiniteNamesThePosition() throws {
    var m = Matrix(rows: 3, columns: 5000, repeating: 1)
    try m.requireFinite(operation: "op", argument: "x")
    m[2, 4321] = .nan
    #expect(throws: GlyphLabError.nonFinite(operation: "op", argument: "x", row: 2, column: 4321)) {
      try m.requireFinite(operation: "op", argument: "x")
    }
    m[2, 4321] = 1
    m[0, 1] = -.infinity
    #expect(throws: GlyphLabError.nonFinite(operation: "op", argument: "x", row: 0, column: 1)) {
      try m.requireFinite(operation: "op", argument: "x")
    }
  }

  @Test func normalisation() throws {
    let m = try Matrix([[3, 4], [0, 0], [1, 0]])
    #expect(m.rowSquaredNorms() == [25, 0, 1])
    let n = m.rowNormalized()
    #expect(abs(n[0, 0] - 0.6) < 1e-6 && abs(n[0, 1] - 0.8) < 1e-6)
    #expect(n.row(1) == [0, 0], "zero rows stay zero")
    #expect(m.columnMeans() == [4.0 / 3, 4.0 / 3])
    var c = m
    #expect(throws: GlyphLabError.self) { try c.subtractFromRows([1]) }
    try c.subtractFromRows([1, 1])
    #expect(c.elements == [2, 3, -1, -1, 0, -1])
  }
}
