extension DistanceKernel {
  /// The nearest reference of every query, fused over the distance tiles: each tile's SGEMM
  /// output is scanned once, while it is still in cache, and never stored whole.
  ///
  /// Ties go to the lowest reference index. Throws on mismatched columns, NaN or infinity,
  /// or an empty reference set.
  ///
  /// - Complexity: O(n·m·d) time; O(n + ``tileBytes``) extra memory.
  public func argmin(queries: Matrix, references: Matrix) throws -> NearestResult {
    try validate(queries: queries, references: references, operation: "argmin")
    guard references.rows > 0 || queries.rows == 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "argmin", name: "references", value: "0 rows",
        reason: "there is nothing to be nearest to")
    }
    let n = queries.rows
    var bestValue = [Float](repeating: .infinity, count: n)
    var bestIndex = [Int32](repeating: 0, count: n)
    var rowTerms = [Float](repeating: 0, count: n)
    let prepared = prepare(references)
    let shape = tileShape(queries: n, references: references.rows)
    var tile = [Float](repeating: 0, count: shape.queries * shape.references)

    prepared.columnTerms.withUnsafeBufferPointer { terms in
      tile.withUnsafeMutableBufferPointer { tp in
        bestValue.withUnsafeMutableBufferPointer { bv in
          bestIndex.withUnsafeMutableBufferPointer { bi in
            let tileBase = tp.baseAddress!
            let bvBase = bv.baseAddress!
            let biBase = bi.baseAddress!
            var q0 = 0
            while q0 < n {
              let q1 = min(n, q0 + shape.queries)
              let block = prepareQueries(queries.rows(q0..<q1))
              for i in 0..<(q1 - q0) { rowTerms[q0 + i] = block.rowTerms[i] }
              var r0 = 0
              while r0 < references.rows {
                let r1 = min(references.rows, r0 + shape.references)
                let width = r1 - r0
                productTile(
                  queries: block.matrix, references: prepared.matrix.rows(r0..<r1), into: tileBase)
                let termBase = terms.baseAddress! + r0
                Parallel.forEachChunk(count: q1 - q0, minimumChunk: 32) { rows in
                  for i in rows {
                    let (value, index) = rowMinimum(tileBase + i * width, termBase, count: width)
                    if value < bvBase[q0 + i] {
                      bvBase[q0 + i] = value
                      biBase[q0 + i] = Int32(r0 + index)
                    }
                  }
                }
                r0 = r1
              }
              q0 = q1
            }
          }
        }
      }
    }
    let high = upperClamp
    var distances = [Float](repeating: 0, count: n)
    for i in 0..<n { distances[i] = min(high, max(0, bestValue[i] + rowTerms[i])) }
    return NearestResult(indices: bestIndex, distances: distances)
  }
}

/// The minimum of `row[j] + terms[j]` over `count` elements and its first index.
///
/// Eight lanes each keep their own minimum and the first index where it occurs (strict `<`),
/// then the lanes are reduced by value and, on equal values, by the lower index.
@inline(__always)
func rowMinimum(
  _ row: UnsafePointer<Float>, _ terms: UnsafePointer<Float>, count: Int
) -> (
  Float, Int
) {
  var j = 0
  var bestValue = Float.infinity
  var bestIndex = 0
  if count >= 8 {
    let rowRaw = UnsafeRawPointer(row)
    let termRaw = UnsafeRawPointer(terms)
    var laneMin = SIMD8<Float>(repeating: .infinity)
    var laneIndex = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var current = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    let step = SIMD8<Int32>(repeating: 8)
    while j + 8 <= count {
      let v =
        rowRaw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        + termRaw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      let better = v .< laneMin
      laneMin.replace(with: v, where: better)
      laneIndex.replace(with: current, where: better)
      current &+= step
      j += 8
    }
    for lane in 0..<8 {
      let value = laneMin[lane]
      let index = Int(laneIndex[lane])
      if value < bestValue || (value == bestValue && index < bestIndex) {
        bestValue = value
        bestIndex = index
      }
    }
  }
  while j < count {
    let v = row[j] + terms[j]
    if v < bestValue {
      bestValue = v
      bestIndex = j
    }
    j += 1
  }
  return (bestValue, bestIndex)
}
