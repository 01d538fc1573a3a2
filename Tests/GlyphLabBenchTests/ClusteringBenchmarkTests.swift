import Foundation
import GlyphLabBench
import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("Clustering benchmarks")
struct ClusteringBenchmarkTests {
  @Test func syntheticRowsArePrefixes() {
    let long = BenchmarkData.synthetic(rows: 300, dimension: 5, seed: 9)
    let short = BenchmarkData.synthetic(rows: 120, dimension: 5, seed: 9)
    #expect(long.rows(0..<120) == short)
    #expect(BenchmarkData.synthetic(rows: 120, dimension: 5, seed: 10) != short)
  }

  /// Uniform points fill the unit cube evenly: every coordinate in [0, 1), mean near 1/2 and
  /// variance near 1/12, and no clusters (unlike the mixture, spread over ±4 per coordinate).
  @Test func uniformPointsFillTheUnitCube() {
    let long = BenchmarkData.synthetic(rows: 2000, dimension: 8, seed: 3, distribution: .uniform)
    let short = BenchmarkData.synthetic(rows: 500, dimension: 8, seed: 3, distribution: .uniform)
    #expect(long.rows(0..<500) == short)
    let values = long.elements.map(Double.init)
    #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    #expect(abs(mean - 0.5) < 0.01)
    #expect(abs(variance - 1.0 / 12) < 0.005)
    #expect(short != BenchmarkData.synthetic(rows: 500, dimension: 8, seed: 3))
  }

  @Test func dataFileRoundTrips() throws {
    let directory = try TestPaths.temporaryDirectory("bench-data")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("points.h5").path
    let points = BenchmarkData.synthetic(rows: 50, dimension: 3, seed: 1)
    try BenchmarkData.write(points, to: path, dataset: "/features/hog", seed: 1)
    #expect(try BenchmarkData.load(path: path, dataset: "/features/hog") == points)
    #expect(try BenchmarkData.load(path: path, dataset: "/features/hog", rows: 10..<20) == points.rows(10..<20))
    #expect(throws: (any Error).self) { try BenchmarkData.load(path: path, dataset: "/features/hog", rows: 0..<51) }
    #expect(throws: (any Error).self) { try BenchmarkData.load(path: path, dataset: "/missing") }
  }

  @Test func kmeansReportsPerIterationTimeAndInertia() throws {
    let points = BenchmarkData.synthetic(rows: 400, dimension: 4, seed: 2)
    let result = try ClusteringBenchmark(repetitions: 1).kmeans(points: points, k: 8, iterations: 3, seed: 0)
    #expect(result.benchmark == "kmeans")
    #expect(result.iterations == 3)
    #expect(try #require(result.inertia) > 0)
    let json = result.jsonLine()
    #expect(json.contains("\"seconds_per_iteration\":"))
    #expect(json.contains("\"inertia\":"))
  }

  @Test func knnChecksumIsTheSumOfNeighbourDistances() throws {
    let base = NaiveReference.random(rows: 40, columns: 3, seed: 3)
    let queries = NaiveReference.random(rows: 25, columns: 3, seed: 4)
    let result = try ClusteringBenchmark(repetitions: 1).knn(queries: queries, base: base, k: 4)
    let all = NaiveReference.distances(queries, base, .squaredEuclidean)
    let want = all.reduce(0.0) { total, row in total + row.sorted().prefix(4).reduce(0, +) }
    #expect(abs(try #require(result.checksum) - want) < 1e-4)
    #expect(result.shape == ["queries": 25, "references": 40, "dim": 3, "k": 4])
  }
}
