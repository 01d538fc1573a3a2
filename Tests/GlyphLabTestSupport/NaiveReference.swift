import GlyphLabCore

/// Straightforward double-precision implementations that kernel tests compare against.
public enum NaiveReference {
  /// `op(a) · op(b)` by the textbook triple loop.
  public static func product(_ a: Matrix, _ ta: Bool, _ b: Matrix, _ tb: Bool) -> [[Double]] {
    let m = ta ? a.columns : a.rows
    let k = ta ? a.rows : a.columns
    let n = tb ? b.rows : b.columns
    return (0..<m).map { i in
      (0..<n).map { j in
        var s = 0.0
        for p in 0..<k {
          let x = ta ? a[p, i] : a[i, p]
          let y = tb ? b[j, p] : b[p, j]
          s += Double(x) * Double(y)
        }
        return s
      }
    }
  }

  /// The distance between rows `x` and `y` under `metric`.
  public static func distance(
    _ x: ArraySlice<Float>, _ y: ArraySlice<Float>, _ metric: DistanceMetric
  )
    -> Double
  {
    switch metric {
    case .squaredEuclidean:
      return zip(x, y).reduce(0.0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) }
    case .cosine:
      let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
      let nx = x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      let ny = y.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      let similarity = (nx > 0 && ny > 0) ? dot / (nx * ny) : 0
      return min(2, max(0, 1 - similarity))
    }
  }

  /// All distances, queries × references.
  public static func distances(_ x: Matrix, _ y: Matrix, _ metric: DistanceMetric) -> [[Double]] {
    (0..<x.rows).map { i in (0..<y.rows).map { j in distance(x.row(i), y.row(j), metric) } }
  }

  /// Indices of each row sorted by (distance, index).
  public static func order(_ row: [Double]) -> [Int] {
    row.indices.sorted { row[$0] != row[$1] ? row[$0] < row[$1] : $0 < $1 }
  }

  /// A seeded random matrix with values in [-1, 1).
  public static func random(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns) { _, _ in g.uniformFloat() * 2 - 1 }
  }

  /// A seeded random matrix of small integers in -2...2, so exact ties occur.
  public static func randomIntegers(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns) { _, _ in Float(g.uniformInt(below: 5) - 2) }
  }
}
