import GlyphLabCore

/// Prototypes tagged with their class, and the distance from a query to a class: the
/// distance to the class's nearest prototype. Shared by the single- and multi-prototype
/// classifiers.
struct PrototypeSet {
  /// `prototypes × d`, in the classifier's feature space.
  var prototypes: Matrix
  /// The class index of each prototype row.
  var classOfPrototype: [Int]
  /// The number of classes; every class has at least one prototype.
  var classCount: Int

  /// The `queries × classes` distances: for each query and class, the smallest distance to
  /// one of the class's prototypes. Streams the query × prototype distances through
  /// ``DistanceKernel/forEachTile(queries:references:_:)``, so only the output is stored.
  ///
  /// - Complexity: O(q·p·d) time, O(q·c + tile) memory.
  func classDistances(queries: Matrix, kernel: DistanceKernel) throws -> Matrix {
    let c = classCount
    var out = Matrix(rows: queries.rows, columns: c, repeating: .infinity)
    let owner = classOfPrototype
    try out.withUnsafeMutableBufferPointer { o in
      try kernel.forEachTile(queries: queries, references: prototypes) { qr, pr, tile in
        let width = pr.count
        for (i, qi) in qr.enumerated() {
          for (j, pj) in pr.enumerated() {
            let value = tile[i * width + j]
            let slot = qi * c + owner[pj]
            if value < o[slot] { o[slot] = value }
          }
        }
      }
    }
    return out
  }
}
