import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("LeaderClustering")
struct LeaderClusteringTests {
  /// The sequential algorithm, one point at a time in double precision: join the nearest
  /// leader (lowest number on ties) if within `threshold` or if the leader budget is spent,
  /// else lead a new cluster.
  static func naive(
    _ x: Matrix, order: [Int], threshold: Double, maxLeaders: Int = .max
  ) -> (labels: [Int32], leaders: [Int]) {
    var labels = [Int32](repeating: -1, count: x.rows)
    var leaders = [Int]()
    let pairwise = ClusteringTestData.euclidean(x)
    for p in order {
      var best = (Double.infinity, -1)
      for (l, leader) in leaders.enumerated() {
        let distance = pairwise[p][leader]
        if distance < best.0 { best = (distance, l) }
      }
      if best.1 >= 0 && (best.0 <= threshold || leaders.count >= maxLeaders) {
        labels[p] = Int32(best.1)
      } else {
        labels[p] = Int32(leaders.count)
        leaders.append(p)
      }
    }
    return (labels, leaders)
  }

  /// A threshold near `target` that no pairwise distance comes within 1e-3 of.
  static func safeThreshold(near target: Double, _ x: Matrix) -> Double {
    safeThreshold(near: target, distances: ClusteringTestData.euclidean(x).flatMap { $0 })
  }

  static func safeThreshold(near target: Double, distances all: [Double]) -> Double {
    var t = target
    while all.contains(where: { abs($0 - t) < 1e-3 }) { t += 1.3e-3 }
    return t
  }

  @Test func matchesTheSequentialAlgorithmExactly() throws {
    // 600 points: several blocks, and leaders created both in early and late blocks.
    let x = ClusteringTestData.blobs(clusters: 20, perCluster: 30, dimensions: 6, spread: 1, seed: 3)
    let distances = ClusteringTestData.euclidean(x).flatMap { $0 }
    for target in [1.0, 2.5, 4.0, 8.0] {
      let t = Self.safeThreshold(near: target, distances: distances)
      let expected = Self.naive(x, order: Array(0..<x.rows), threshold: t)
      let result = try LeaderClustering(threshold: Float(t)).cluster(x)
      #expect(result.labels == expected.labels, "threshold \(t)")
      #expect(result.medoids == expected.leaders)
      #expect(result.clusterCount == expected.leaders.count)
    }
  }

  @Test func shuffledOrderIsTheSequentialAlgorithmOnThatOrder() throws {
    let x = ClusteringTestData.blobs(clusters: 10, perCluster: 40, dimensions: 4, spread: 1, seed: 5)
    let t = Self.safeThreshold(near: 2.5, x)
    var order = Array(0..<x.rows)
    var g = SeededGenerator(seed: 99)
    g.shuffle(&order)
    let expected = Self.naive(x, order: order, threshold: t)
    let result = try LeaderClustering(threshold: Float(t), shuffle: true, seed: 99).cluster(x)
    #expect(result.labels == expected.labels)
    #expect(result.medoids == expected.leaders)
    let again = try LeaderClustering(threshold: Float(t), shuffle: true, seed: 99).cluster(x)
    #expect(again == result)
    let other = try LeaderClustering(threshold: Float(t), shuffle: true, seed: 100).cluster(x)
    #expect(other.medoids != result.medoids)
  }

  @Test func maxLeadersCapsTheClusterCount() throws {
    let x = ClusteringTestData.blobs(clusters: 20, perCluster: 30, dimensions: 5, spread: 1, seed: 7)
    let t = Self.safeThreshold(near: 1.5, x)
    let expected = Self.naive(x, order: Array(0..<x.rows), threshold: t, maxLeaders: 25)
    let result = try LeaderClustering(threshold: Float(t), maxLeaders: 25).cluster(x)
    #expect(result.clusterCount == 25)
    #expect(result.labels == expected.labels)
  }

  @Test func centroidsAreMemberMeans() throws {
    let x = ClusteringTestData.blobs(clusters: 4, perCluster: 25, dimensions: 3, spread: 1, seed: 2)
    let result = try LeaderClustering(threshold: Float(Self.safeThreshold(near: 5, x))).cluster(x)
    let centroids = try #require(result.centroids)
    for c in 0..<result.clusterCount {
      let members = (0..<x.rows).filter { result.labels[$0] == Int32(c) }
      for j in 0..<3 {
        let mean = members.reduce(0.0) { $0 + Double(x[$1, j]) } / Double(members.count)
        #expect(abs(Double(centroids[c, j]) - mean) < 1e-4)
      }
      #expect(result.medoids?[c] == members.first, "the leader is the cluster's first point")
    }
  }

  @Test func deterministicWhateverTheThreadCount() throws {
    let x = ClusteringTestData.blobs(clusters: 50, perCluster: 100, dimensions: 16, spread: 1, seed: 11)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try LeaderClustering(threshold: 5).cluster(x)
    BLAS.threadCount = 2
    let two = try LeaderClustering(threshold: 5).cluster(x)
    #expect(one == two)
  }

  @Test func badInputThrows() throws {
    let x = ClusteringTestData.blobs(clusters: 2, perCluster: 5, dimensions: 2, seed: 1)
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: -2).cluster(x) }
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: .nan).cluster(x) }
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: 1, maxLeaders: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: 1).cluster(Matrix(rows: 0, columns: 2)) }
    var bad = x
    bad[0, 0] = .infinity
    #expect(throws: GlyphLabError.self) { try LeaderClustering(threshold: 1).cluster(bad) }
  }
}
