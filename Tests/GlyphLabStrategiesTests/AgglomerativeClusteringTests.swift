import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("AgglomerativeClustering")
struct AgglomerativeClusteringTests {
  /// The textbook O(n³) algorithm: repeatedly merge the two clusters at the smallest linkage
  /// distance, computed from scratch in double precision (Ward from the cluster means,
  /// average from all member pairs). Returns the labels at each requested cluster count and
  /// every merge distance in merge order.
  static func naive(
    _ x: Matrix, linkage: AgglomerativeClustering.Linkage, keep: Set<Int>
  ) -> (labels: [Int: [Int32]], distances: [Double]) {
    let n = x.rows
    let d = x.columns
    let pairwise = ClusteringTestData.euclidean(x)
    var clusters = (0..<n).map { [$0] }
    var labelsAt = [Int: [Int32]]()
    var distances = [Double]()
    func record() {
      guard keep.contains(clusters.count) else { return }
      var labels = [Int32](repeating: -1, count: n)
      for (c, members) in clusters.enumerated() { for i in members { labels[i] = Int32(c) } }
      labelsAt[clusters.count] = labels
    }
    func mean(_ members: [Int]) -> [Double] {
      (0..<d).map { j in members.reduce(0.0) { $0 + Double(x[$1, j]) } / Double(members.count) }
    }
    record()
    while clusters.count > 1 {
      var best = (Double.infinity, 0, 0)
      let means = clusters.map(mean)
      for a in 0..<clusters.count {
        for b in (a + 1)..<clusters.count {
          let value: Double
          switch linkage {
          case .ward:
            let na = Double(clusters[a].count)
            let nb = Double(clusters[b].count)
            let gap = zip(means[a], means[b]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            value = (2 * na * nb / (na + nb) * gap).squareRoot()
          case .average:
            var sum = 0.0
            for i in clusters[a] { for j in clusters[b] { sum += pairwise[i][j] } }
            value = sum / Double(clusters[a].count * clusters[b].count)
          }
          if value < best.0 { best = (value, a, b) }
        }
      }
      distances.append(best.0)
      clusters[best.1] += clusters[best.2]
      clusters.remove(at: best.2)
      record()
    }
    return (labelsAt, distances)
  }

  @Test(arguments: AgglomerativeClustering.Linkage.allCases)
  func matchesNaiveAtEveryCut(linkage: AgglomerativeClustering.Linkage) throws {
    for seed: UInt64 in [1, 2, 3] {
      let x = ClusteringTestData.blobs(clusters: 4, perCluster: 15, dimensions: 5, spread: 2, seed: seed)
      let counts = [1, 2, 3, 4, 5, 7, 10, 20, 40, 59, 60]
      let reference = Self.naive(x, linkage: linkage, keep: Set(counts))
      for k in counts {
        let result = try AgglomerativeClustering(clusters: k, linkage: linkage).cluster(x)
        #expect(result.clusterCount == k)
        let expected = try #require(reference.labels[k])
        #expect(ClusteringTestData.samePartition(result.labels, expected), "seed \(seed), \(k) clusters")
      }
      let tree = try AgglomerativeClustering(clusters: 1, linkage: linkage).mergeTree(x)
      #expect(tree.count == 59)
      // The chain merges in another order, but the sorted distances are the same.
      let naiveSorted = reference.distances.sorted()
      for (m, expected) in zip(tree, naiveSorted) {
        #expect(abs(Double(m.distance) - expected) <= 1e-4 * max(1, expected))
      }
    }
  }

  @Test func treeFollowsSciPyConvention() throws {
    let x = ClusteringTestData.blobs(clusters: 3, perCluster: 10, dimensions: 3, seed: 9)
    let tree = try AgglomerativeClustering(clusters: 1).mergeTree(x)
    let n = x.rows
    var sizes = [Int](repeating: 1, count: n)
    var used = Set<Int>()
    for (k, m) in tree.enumerated() {
      #expect(m.first < m.second && m.second < n + k, "ids refer to points or earlier merges")
      #expect(!used.contains(m.first) && !used.contains(m.second), "each cluster merges once")
      used.formUnion([m.first, m.second])
      #expect(m.size == sizes[m.first] + sizes[m.second])
      sizes.append(m.size)
      if k > 0 { #expect(tree[k - 1].distance <= m.distance, "sorted by distance") }
    }
    #expect(tree.last?.size == n)
  }

  @Test(arguments: AgglomerativeClustering.Linkage.allCases)
  func distanceThresholdCutsLikeScikitLearn(linkage: AgglomerativeClustering.Linkage) throws {
    let x = ClusteringTestData.blobs(clusters: 5, perCluster: 12, dimensions: 4, seed: 5)
    let reference = Self.naive(x, linkage: linkage, keep: Set(1...60))
    let distances = reference.distances.sorted()
    // Thresholds halfway between consecutive merge distances, away from rounding.
    for k in [1, 2, 5, 9, 30] {
      let index = 60 - k  // merges made before stopping at k clusters
      let threshold = index == 59 ? distances[58] + 1 : (distances[index - 1] + distances[index]) / 2
      let result = try AgglomerativeClustering(distanceThreshold: Float(threshold), linkage: linkage).cluster(x)
      #expect(result.clusterCount == k)
      let expected = try #require(reference.labels[k])
      #expect(ClusteringTestData.samePartition(result.labels, expected))
    }
  }

  @Test func centroidsMedoidsAndInertia() throws {
    let x = ClusteringTestData.blobs(clusters: 3, perCluster: 20, dimensions: 4, seed: 12)
    let result = try AgglomerativeClustering(clusters: 3, linkage: .average).cluster(x)
    let centroids = try #require(result.centroids)
    let medoids = try #require(result.medoids)
    #expect(result.labels.first == 0, "clusters are numbered by first member")
    var inertia = 0.0
    for c in 0..<3 {
      let members = (0..<x.rows).filter { result.labels[$0] == Int32(c) }
      #expect(result.labels[medoids[c]] == Int32(c))
      for j in 0..<4 {
        let mean = members.reduce(0.0) { $0 + Double(x[$1, j]) } / Double(members.count)
        #expect(abs(Double(centroids[c, j]) - mean) < 1e-5)
      }
      let distance = { (i: Int) in
        (0..<4).reduce(0.0) {
          let e = Double(x[i, $1]) - Double(centroids[c, $1]); return $0 + e * e
        }
      }
      let nearest = members.min { distance($0) < distance($1) }
      #expect(medoids[c] == nearest)
      inertia += members.reduce(0.0) { $0 + distance($1) }
    }
    #expect(abs((result.inertia ?? 0) - inertia) < 1e-3 * inertia)
  }

  @Test func deterministicWhateverTheThreadCount() throws {
    let x = ClusteringTestData.blobs(clusters: 6, perCluster: 100, dimensions: 8, seed: 4)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try AgglomerativeClustering(clusters: 6).cluster(x)
    BLAS.threadCount = 2
    let two = try AgglomerativeClustering(clusters: 6).cluster(x)
    #expect(one == two)
  }

  @Test func singlePointAndIdenticalPoints() throws {
    let one = try AgglomerativeClustering(clusters: 1).cluster(Matrix(rows: 1, columns: 3, repeating: 2))
    #expect(one.labels == [0])
    let same = try AgglomerativeClustering(clusters: 2).cluster(Matrix(rows: 5, columns: 2, repeating: 1))
    #expect(same.clusterCount == 2 && same.labels.count == 5)
  }

  @Test func badInputThrows() throws {
    let x = ClusteringTestData.blobs(clusters: 2, perCluster: 5, dimensions: 2, seed: 1)
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(clusters: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(clusters: 11).cluster(x) }
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(distanceThreshold: 0).cluster(x) }
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(distanceThreshold: -1).cluster(x) }
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(distanceThreshold: .nan).cluster(x) }
    #expect(throws: GlyphLabError.self) {
      try AgglomerativeClustering(clusters: 1).cluster(Matrix(rows: 0, columns: 2))
    }
    var bad = x
    bad[3, 1] = .nan
    #expect(throws: GlyphLabError.self) { try AgglomerativeClustering(clusters: 2).cluster(bad) }
  }

  @Test func refusesBeyondTheMemoryLimitBeforeAllocating() throws {
    let x = Matrix(rows: 1000, columns: 4, repeating: 0)
    let needed = AgglomerativeClustering.requiredBytes(points: 1000, dimensions: 4)
    #expect(needed >= 1000 * 999 / 2 * 4)
    let method = AgglomerativeClustering(clusters: 2, memoryLimit: needed - 1)
    #expect(throws: GlyphLabError.memoryLimit(operation: "AgglomerativeClustering", bytes: needed, limit: needed - 1)) {
      try method.cluster(x)
    }
    // 100,000 points would need about 20 GB: refused by the default 2 GiB limit at once.
    #expect(AgglomerativeClustering.requiredBytes(points: 100_000, dimensions: 64) > 2 << 30)
  }
}
