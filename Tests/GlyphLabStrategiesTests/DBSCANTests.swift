import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("DBSCAN")
struct DBSCANTests {
  /// scikit-learn's `dbscan_inner` written out: neighbourhoods from all pairwise distances in
  /// double precision (within eps inclusive, self included), then a depth-first expansion
  /// from each unlabelled core point in index order.
  static func naive(_ distances: [[Double]], eps: Double, minSamples: Int) -> [Int32] {
    let n = distances.count
    let neighbourhoods = (0..<n).map { i in (0..<n).filter { distances[i][$0] <= eps } }
    let isCore = neighbourhoods.map { $0.count >= minSamples }
    var labels = [Int32](repeating: -1, count: n)
    var next: Int32 = 0
    for start in 0..<n where labels[start] == -1 && isCore[start] {
      var stack = [start]
      while let i = stack.popLast() {
        guard labels[i] == -1 else { continue }
        labels[i] = next
        if isCore[i] { stack.append(contentsOf: neighbourhoods[i].filter { labels[$0] == -1 }) }
      }
      next += 1
    }
    return labels
  }

  /// Blobs of varied density plus uniform background noise.
  static func data(seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    let blobs = ClusteringTestData.blobs(clusters: 5, perCluster: 40, dimensions: 3, spread: 1.2, seed: seed)
    let noise = Matrix(rows: 40, columns: 3) { _, _ in g.uniformFloat() * 30 - 15 }
    // Same column count by construction.
    return (try? Matrix.stacking([blobs, noise])) ?? blobs
  }

  /// An eps near `target` that no pairwise distance comes within 1e-3 of, so single-precision
  /// rounding cannot move a pair across the boundary.
  static func safeEps(near target: Double, _ distances: [[Double]]) -> Double {
    let all = distances.flatMap { $0 }
    var eps = target
    while all.contains(where: { abs($0 - eps) < 1e-3 }) { eps += 1.7e-3 }
    return eps
  }

  @Test func matchesScikitLearnExpansion() throws {
    for seed: UInt64 in [1, 2, 3] {
      let x = Self.data(seed: seed)
      let distances = ClusteringTestData.euclidean(x)
      for (target, minSamples) in [(0.8, 3), (1.0, 5), (1.5, 10), (2.0, 20), (0.5, 1), (3.0, 300)] {
        let eps = Self.safeEps(near: target, distances)
        let expected = Self.naive(distances, eps: eps, minSamples: minSamples)
        let result = try DBSCAN(eps: Float(eps), minSamples: minSamples).cluster(x)
        #expect(result.labels == expected, "seed \(seed), eps \(eps), minSamples \(minSamples)")
        #expect(result.noiseCount == expected.count { $0 < 0 })
      }
    }
  }

  @Test func borderPointsJoinTheFirstClusterToReachThem() throws {
    // Two dense groups on a line and a point between them, within eps of a core point of
    // each but not core itself (3 neighbours < minSamples 4): it joins cluster 0, the first
    // one expanded, whichever side comes first.
    let forward = try Matrix([[0], [0.05], [0.1], [0.15], [1.0], [1.85], [1.9], [1.95], [2.0]])
    let result = try DBSCAN(eps: 0.87, minSamples: 4).cluster(forward)
    #expect(result.labels == [0, 0, 0, 0, 0, 1, 1, 1, 1])
    let backward = try Matrix((0..<9).map { [2 - forward[$0, 0]] })
    #expect(try DBSCAN(eps: 0.87, minSamples: 4).cluster(backward).labels == [0, 0, 0, 0, 0, 1, 1, 1, 1])
  }

  @Test func noiseHandling() throws {
    let x = Self.data(seed: 4)
    let distances = ClusteringTestData.euclidean(x)
    let eps = Self.safeEps(near: 1.0, distances)
    let labelled = try DBSCAN(eps: Float(eps), minSamples: 5).cluster(x)
    let dense = labelled.clusterCount
    #expect(labelled.noiseCount > 0 && dense > 0)

    let singletons = try DBSCAN(eps: Float(eps), minSamples: 5, noise: .singletons).cluster(x)
    #expect(singletons.noiseCount == 0)
    #expect(singletons.clusterCount == dense + labelled.noiseCount)
    var nextSingleton = Int32(dense)
    for i in 0..<x.rows {
      if labelled.labels[i] >= 0 {
        #expect(singletons.labels[i] == labelled.labels[i])
      } else {
        #expect(singletons.labels[i] == nextSingleton)
        nextSingleton += 1
      }
    }

    let reassigned = try DBSCAN(eps: Float(eps), minSamples: 5, noise: .nearestCore).cluster(x)
    #expect(reassigned.noiseCount == 0 && reassigned.clusterCount == dense)
    let cores = (0..<x.rows).filter { i in distances[i].count { $0 <= eps } >= 5 }
    for i in 0..<x.rows {
      if labelled.labels[i] >= 0 {
        #expect(reassigned.labels[i] == labelled.labels[i])
      } else {
        let nearest = try #require(cores.min { distances[i][$0] < distances[i][$1] })
        #expect(reassigned.labels[i] == labelled.labels[nearest])
      }
    }

    // With no core point at all, nearest-core has nothing to join: noise stays −1.
    let none = try DBSCAN(eps: 1e-3, minSamples: 2, noise: .nearestCore).cluster(x)
    #expect(none.noiseCount == x.rows && none.clusterCount == 0)
  }

  @Test func centroidsAndMedoidsLeaveNoiseOut() throws {
    let x = Self.data(seed: 6)
    let eps = Self.safeEps(near: 1.2, ClusteringTestData.euclidean(x))
    let result = try DBSCAN(eps: Float(eps), minSamples: 5).cluster(x)
    let centroids = try #require(result.centroids)
    let medoids = try #require(result.medoids)
    #expect(centroids.rows == result.clusterCount && medoids.count == result.clusterCount)
    for c in 0..<result.clusterCount {
      let members = (0..<x.rows).filter { result.labels[$0] == Int32(c) }
      #expect(result.labels[medoids[c]] == Int32(c))
      let mean = members.reduce(0.0) { $0 + Double(x[$1, 0]) } / Double(members.count)
      #expect(abs(Double(centroids[c, 0]) - mean) < 1e-4)
    }
  }

  @Test func deterministicWhateverTheThreadCount() throws {
    let x = ClusteringTestData.blobs(clusters: 10, perCluster: 300, dimensions: 16, spread: 1, seed: 8)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try DBSCAN(eps: 4.5, minSamples: 8).cluster(x)
    BLAS.threadCount = 2
    let two = try DBSCAN(eps: 4.5, minSamples: 8).cluster(x)
    #expect(one == two)
    #expect(one.clusterCount > 1)
  }

  @Test func badInputThrows() throws {
    let x = Self.data(seed: 1)
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: -1).cluster(x) }
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: .infinity).cluster(x) }
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: 1, minSamples: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: 1).cluster(Matrix(rows: 0, columns: 3)) }
    var bad = x
    bad[7, 2] = .nan
    #expect(throws: GlyphLabError.self) { try DBSCAN(eps: 1).cluster(bad) }
  }
}
