import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Mini-batch k-means")
struct MiniBatchKMeansTests {
  @Test func recoversBlobsNearFullKMeansInertia() throws {
    let blobs = Blobs(clusters: 8, perCluster: 1000, dimension: 6, spread: 1, seed: 21)
    let mini = try MiniBatchKMeans(clusters: 8, batchSize: 256, seed: 2).cluster(blobs.points)
    let full = try KMeans(clusters: 8, seed: 2).cluster(blobs.points)
    #expect(try ClusteringMetrics(truth: blobs.labels, predicted: mini.labels).adjustedRandIndex == 1)
    let miniInertia = try #require(mini.inertia)
    let fullInertia = try #require(full.inertia)
    #expect(miniInertia <= fullInertia * 1.03)
    #expect(abs(miniInertia - naiveInertia(blobs.points, mini.labels)) < 0.03 * miniInertia)
    let steps = try #require(mini.iterations)
    #expect(steps < 100 * 8000 / 256, "no-improvement stopping ends the run early")
  }

  @Test func nearFullKMeansOnOverlappingData() throws {
    let blobs = Blobs(clusters: 20, perCluster: 200, dimension: 8, spread: 6, seed: 22)
    let mini = try MiniBatchKMeans(clusters: 20, batchSize: 512, seed: 3).cluster(blobs.points)
    let full = try KMeans(clusters: 20, seed: 3).cluster(blobs.points)
    #expect(try #require(mini.inertia) <= #require(full.inertia) * 1.05)
  }

  @Test func sameSeedSameResultWhateverTheThreadCount() throws {
    let blobs = Blobs(clusters: 5, perCluster: 400, dimension: 4, spread: 3, seed: 23)
    let method = MiniBatchKMeans(clusters: 7, batchSize: 128, initialization: .random, seed: 5)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try method.cluster(blobs.points)
    BLAS.threadCount = 2
    let two = try method.cluster(blobs.points)
    #expect(one == two)
    var other = method
    other.seed = 6
    #expect(try other.cluster(blobs.points).centroids != two.centroids)
  }

  @Test func tinyBatchesAndGivenStart() throws {
    let blobs = Blobs(clusters: 3, perCluster: 40, dimension: 2, seed: 24)
    let start = blobs.points.rows(0..<3)
    let result = try MiniBatchKMeans(clusters: 3, batchSize: 1, initialization: .given(start), maxNoImprovement: nil)
      .cluster(blobs.points)
    #expect(result.iterations == 100 * 120)
    #expect(try ClusteringMetrics(truth: blobs.labels, predicted: result.labels).adjustedRandIndex == 1)
  }

  @Test func badInputThrowsClearErrors() throws {
    let x = NaiveReference.random(rows: 30, columns: 3, seed: 25)
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 31).cluster(x) }
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 3, batchSize: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 3, maxNoImprovement: 0).cluster(x) }
    var withNaN = x
    withNaN[0, 0] = .nan
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 3).cluster(withNaN) }
    // Identical points: one cluster is fine, more is refused.
    let same = Matrix(rows: 50, columns: 3, repeating: 0.7)
    #expect(throws: GlyphLabError.self) { _ = try MiniBatchKMeans(clusters: 2).cluster(same) }
    #expect(try MiniBatchKMeans(clusters: 1).cluster(same).inertia == 0)
    // Fewer distinct rows in the init subsample than k: completed from all the points.
    var values = [Float](repeating: 0, count: 600)
    values[597] = 5
    let mostlyZero = try Matrix(rows: 200, columns: 3, elements: values)
    let result = try MiniBatchKMeans(clusters: 2, initSize: 10, seed: 1).cluster(mostlyZero)
    #expect(Set(result.labels).count == 2)
  }
}
