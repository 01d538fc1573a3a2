import GlyphLabCore
import GlyphLabTestSupport
import Testing

/// The argmin and top-k row scans come in AVX-512, AVX2 and scalar builds. Every build this
/// CPU can run must give exactly the same indices and distances.
@Suite("Row scan builds agree")
struct RowScanInstructionSetTests {
  @Test func everyBuildGivesIdenticalResults() throws {
    let x = NaiveReference.randomIntegers(rows: 157, columns: 4, seed: 31)
    let y = NaiveReference.randomIntegers(rows: 203, columns: 4, seed: 32)
    let kernel = DistanceKernel(tileBytes: 8192)
    defer { DistanceKernel.forceScanInstructionSet("auto") }
    var results: [String: (NearestResult, NeighborsResult)] = [:]
    for isa in ["scalar", "avx2", "avx512"] where DistanceKernel.forceScanInstructionSet(isa) {
      results[isa] = (try kernel.argmin(queries: x, references: y), try kernel.topK(queries: x, references: y, k: 7))
    }
    let scalar = try #require(results["scalar"])
    let want = NaiveReference.distances(x, y, .squaredEuclidean)
    for i in 0..<x.rows {
      let order = NaiveReference.order(want[i])
      #expect(Int(scalar.0.indices[i]) == order[0])
      #expect(scalar.1.indices(row: i).map(Int.init) == Array(order.prefix(7)))
    }
    for (isa, result) in results {
      #expect(result.0 == scalar.0, "\(isa) argmin")
      #expect(result.1 == scalar.1, "\(isa) top-k")
    }
  }
}
