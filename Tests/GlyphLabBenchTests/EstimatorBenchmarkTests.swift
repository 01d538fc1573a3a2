import Foundation
import GlyphLabBench
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Estimator benchmarks")
struct EstimatorBenchmarkTests {
  /// Three tight, far-apart blobs of 20 points in 4 dimensions, labelled by blob, interleaved
  /// (row i belongs to blob i mod 3).
  static func blobs() -> (points: Matrix, labels: [Int32]) {
    var generator = SeededGenerator(seed: 5)
    let labels = (0..<60).map { Int32($0 % 3) }
    let points = Matrix(rows: 60, columns: 4) { i, j in
      Float(j == Int(labels[i]) ? 10 : 0) + Float(0.1 * generator.normal())
    }
    return (points, labels)
  }

  @Test func labelledFilesRoundTripAndRefuseMissingLabels() throws {
    let directory = try TestPaths.temporaryDirectory("estimator-data")
    defer { try? FileManager.default.removeItem(at: directory) }
    let (points, labels) = Self.blobs()
    let path = directory.appendingPathComponent("labelled.h5").path
    try BenchmarkData.write(points, to: path, seed: nil, labels: labels, generator: "test blobs")
    #expect(try BenchmarkData.load(path: path) == points)
    #expect(try BenchmarkData.loadLabels(path: path) == labels)
    let unlabelled = directory.appendingPathComponent("points.h5").path
    try BenchmarkData.write(points, to: unlabelled, seed: 1)
    #expect(throws: (any Error).self) { try BenchmarkData.loadLabels(path: unlabelled) }
    #expect(throws: (any Error).self) {
      try BenchmarkData.write(points, to: path, seed: nil, labels: Array(labels.prefix(10)))
    }
  }

  @Test func splitTakesTheFirstShotsOfEachClassInRowOrder() throws {
    let labels: [Int32] = [2, 0, 2, 1, 0, 0, 2, 1, 1, -1, 0]
    let points = Matrix(rows: labels.count, columns: 1) { i, _ in Float(i) }
    let split = try LabelledSplit(points: points, labels: labels, shots: 2)
    // Written out by hand: rows 0, 1, 2, 3, 4, 7 are the first two of classes 2, 0, 1.
    #expect(split.support.elements == [0, 1, 2, 3, 4, 7])
    #expect(split.supportLabels == [2, 0, 2, 1, 0, 1])
    #expect(split.queries.elements == [5, 6, 8, 10])
    #expect(split.queryLabels == [0, 2, 1, 0])
    let capped = try LabelledSplit(points: points, labels: labels, shots: 2, queries: 3)
    #expect(capped.queryLabels == [0, 2, 1])
    #expect(throws: (any Error).self) { try LabelledSplit(points: points, labels: labels, shots: 4) }
    #expect(throws: (any Error).self) { try LabelledSplit(points: points, labels: labels, shots: 0) }
  }

  @Test(arguments: [ClusteringAlgorithm.agglomerativeWard, .agglomerativeAverage, .dbscan, .miniBatchKMeans])
  func clusteringRecoversSeparatedBlobs(_ algorithm: ClusteringAlgorithm) throws {
    let (points, labels) = Self.blobs()
    var options = ClusteringAlgorithm.Options(clusters: 3)
    options.eps = 2
    options.minSamples = 3
    options.batchSize = 16
    options.seed = 1
    let result = try EstimatorBenchmark(repetitions: 1).cluster(
      algorithm, options: options, points: points, labels: labels)
    #expect(result.benchmark == "cluster-\(algorithm.rawValue)")
    #expect(result.scoreName == "ARI")
    #expect(result.score == 1)
    #expect(result.clustersFound == 3)
    #expect(result.noisePoints == 0)
    #expect(result.jsonLine().contains("\"score\":1"))
  }

  @Test func dbscanNoiseIsCountedAndScoredAsOneMoreCluster() throws {
    let (blobs, blobLabels) = Self.blobs()
    // Two far outliers of class 0 that no blob reaches.
    let points = try Matrix.stacking([blobs, Matrix(rows: 2, columns: 4) { i, _ in Float(100 + 50 * i) }])
    let labels = blobLabels + [0, 0]
    var options = ClusteringAlgorithm.Options(clusters: 3)
    options.eps = 2
    options.minSamples = 3
    let result = try EstimatorBenchmark(repetitions: 1).cluster(
      .dbscan, options: options, points: points, labels: labels)
    #expect(result.noisePoints == 2)
    #expect(result.clustersFound == 3)
    let noiseAsCluster = try ClusteringMetrics(truth: labels, predicted: blobLabels + [-1, -1])
    #expect(result.score == noiseAsCluster.adjustedRandIndex)
  }

  @Test(arguments: [FewShotMethod.knn, .logisticRegression, .labelPropagation])
  func fewShotScoresQueryAccuracy(_ method: FewShotMethod) throws {
    let (points, labels) = Self.blobs()
    let split = try LabelledSplit(points: points, labels: labels, shots: 3)
    var options = FewShotMethod.Options()
    options.metric = .squaredEuclidean
    let result = try EstimatorBenchmark(repetitions: 1).fewShot(method, options: options, split: split)
    #expect(result.benchmark == "fewshot-\(method.rawValue)")
    #expect(result.scoreName == "accuracy")
    #expect(result.score == 1)
    #expect(result.shape["support"] == 9 && result.shape["queries"] == 51 && result.shape["classes"] == 3)
  }
}
