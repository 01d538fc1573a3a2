import GlyphLabCore
import Testing

@Suite("Matrix validation")
struct MatrixValidationTests {
  /// The parallel, blocked check reports the first bad element in memory order, whatever the
  /// thread count, including bad values in the 16-lane body and in a block's scalar tail.
  @Test func reportsTheFirstBadElementWhateverTheThreadCount() throws {
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    let columns = 1001
    for (bad, value) in [(70_000, Float.nan), (40_003, -.infinity), (16_383, .infinity), (100_099, .nan)] {
      var m = Matrix(rows: 101, columns: columns, repeating: 1.5)
      m[bad / columns, bad % columns] = value
      m[100, 1000] = .nan  // a later one must not win
      for threads in [1, 2] {
        BLAS.threadCount = threads
        #expect(
          throws: GlyphLabError.nonFinite(operation: "op", argument: "x", row: bad / columns, column: bad % columns)
        ) { try m.requireFinite(operation: "op", argument: "x") }
      }
    }
    try Matrix(rows: 101, columns: columns, repeating: -3e38).requireFinite(operation: "op", argument: "x")
  }
}
