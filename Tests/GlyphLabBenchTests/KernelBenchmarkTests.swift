import Foundation
import GlyphLabBench
import GlyphLabCore
import Testing

@Suite("Kernel benchmark drivers")
struct KernelBenchmarkTests {
  @Test func resultsAreOneJSONLineWithTheChecksumOfTheKernel() throws {
    let bench = KernelBenchmark(repetitions: 2, seed: 3)
    let result = try bench.distances(queries: 200, references: 30, dim: 4, metric: .squaredEuclidean)
    // The checksum is the sum of the nearest distances, computed independently here.
    var g = SeededGenerator(seed: 3)
    let x = KernelBenchmark.randomMatrix(rows: 200, columns: 4, generator: &g)
    let y = KernelBenchmark.randomMatrix(rows: 30, columns: 4, generator: &g)
    var expected = 0.0
    for i in 0..<200 {
      expected += (0..<30).map { j in (0..<4).reduce(0.0) { $0 + pow(Double(x[i, $1] - y[j, $1]), 2) } }.min() ?? 0
    }
    #expect(abs((result.checksum ?? 0) - expected) < 1e-3 * expected)
    let line = result.jsonLine()
    #expect(!line.contains("\n"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(json["implementation"] as? String == "glyphlab")
    #expect((json["shape"] as? [String: Int])?["queries"] == 200)
    #expect(result.repetitions == 2)
    #expect(result.seconds <= result.medianSeconds)
  }
}
