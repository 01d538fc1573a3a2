import GlyphLabCore
import GlyphLabTestSupport
import Testing

/// Squared distances to gathered rows come in AVX-512, AVX2 and scalar builds that add in
/// one fixed order: every build this CPU can run gives bit-identical values, close to a
/// double-precision reference.
@Suite("Distances to gathered rows")
struct PointDistanceInstructionSetTests {
  /// One query, and six: the AVX2 and AVX-512 builds take queries four at a time, then one at a
  /// time.
  @Test(arguments: [1, 5, 16, 17, 31, 64, 70], [1, 6])
  func everyBuildGivesIdenticalDistances(dimension: Int, queryCount: Int) throws {
    let points = NaiveReference.random(rows: 41, columns: dimension, seed: UInt64(dimension))
    let queries = NaiveReference.random(rows: queryCount, columns: dimension, seed: 99)
    let rows: [Int32] = [40, 0, 7, 7, 13, 39, 2]
    defer { DistanceKernel.forceScanInstructionSet("auto") }
    var results: [String: [Float]] = [:]
    for isa in ["scalar", "avx2", "avx512"] where DistanceKernel.forceScanInstructionSet(isa) {
      var gathered = [Float](repeating: -1, count: rows.count * queryCount)
      var all = [Float](repeating: -1, count: points.rows * queryCount)
      points.withUnsafeBufferPointer { p in
        queries.withUnsafeBufferPointer { q in
          rows.withUnsafeBufferPointer { r in
            DistanceKernel.squaredDistances(
              from: q.baseAddress!, queryCount: queryCount, to: p.baseAddress!, dimension: dimension, rows: r,
              count: r.count, into: &gathered)
          }
          DistanceKernel.squaredDistances(
            from: q.baseAddress!, queryCount: queryCount, to: p.baseAddress!, dimension: dimension, rows: nil,
            count: points.rows, into: &all)
        }
      }
      #expect(
        rows.enumerated().allSatisfy { row in
          (0..<queryCount).allSatisfy {
            gathered[row.offset * queryCount + $0] == all[Int(row.element) * queryCount + $0]
          }
        }, "\(isa)")
      results[isa] = all
    }
    let scalar = try #require(results["scalar"])
    for i in 0..<points.rows {
      for query in 0..<queryCount {
        var want = 0.0
        for j in 0..<dimension {
          let e = Double(points[i, j]) - Double(queries[query, j])
          want += e * e
        }
        let got = Double(scalar[i * queryCount + query])
        #expect(abs(got - want) <= 1e-5 * max(1, want), "row \(i), query \(query)")
      }
    }
    for (isa, values) in results { #expect(values == scalar, "\(isa) differs from scalar") }
  }

  @Test func severalQueriesAtOnceEqualOneAtATime() throws {
    let points = NaiveReference.random(rows: 30, columns: 37, seed: 3)
    let queries = NaiveReference.random(rows: 5, columns: 37, seed: 4)
    let rows: [Int32] = [29, 3, 3, 0, 17]
    var together = [Float](repeating: -1, count: rows.count * queries.rows)
    var single = [Float](repeating: -1, count: rows.count)
    points.withUnsafeBufferPointer { p in
      queries.withUnsafeBufferPointer { q in
        rows.withUnsafeBufferPointer { r in
          DistanceKernel.squaredDistances(
            from: q.baseAddress!, queryCount: queries.rows, to: p.baseAddress!, dimension: 37, rows: r,
            count: r.count, into: &together)
          for query in 0..<queries.rows {
            DistanceKernel.squaredDistances(
              from: q.baseAddress! + query * 37, to: p.baseAddress!, dimension: 37, rows: r, count: r.count,
              into: &single)
            #expect((0..<rows.count).allSatisfy { together[$0 * queries.rows + query] == single[$0] })
          }
        }
      }
    }
  }
}
