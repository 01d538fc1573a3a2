/// One kernel tap of a size-keeping convolution: output pixel `j` of rows
/// `firstRow..<endRow` reads input pixel `j + offset`, except the first `columnsBefore` and
/// last `columnsAfter` columns of each row, which read padding, as every other row does.
struct PlaneShift {
  let offset: Int
  let width: Int
  let firstRow: Int
  let endRow: Int
  let columnsBefore: Int
  let columnsAfter: Int

  /// The output pixels `a..<b` whose input pixel `j + offset` is inside the plane: the rows'
  /// span, less the padding columns at its two ends (`a == b` when no row reads the image).
  func block(planeSize: Int) -> (Int, Int) {
    let end = endRow * width
    let a = min(end, max(firstRow * width, -offset))
    return (a, max(a, min(end, planeSize - offset)))
  }

  /// Zeros the padding columns (the first `columnsBefore` and last `columnsAfter`) of rows
  /// `firstRow..<endRow` of an output plane.
  func zeroEdgeColumns(_ plane: UnsafeMutablePointer<Float>) {
    for row in firstRow..<endRow {
      let line = plane + row * width
      for ox in 0..<columnsBefore { line[ox] = 0 }
      for ox in (width - columnsAfter)..<width { line[ox] = 0 }
    }
  }
}
