import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("K-means")
struct KMeansTests {
  /// scikit-learn's Lloyd run from a given initialisation (../shared/reference/kmeans-lloyd.json).
  struct LloydReference {
    var points: Matrix
    var initial: Matrix
    var labels: [Int32]
    var inertia: Double
    var iterations: Int

    static func load() throws -> LloydReference {
      let json = try ReferenceJSON.load("kmeans-lloyd.json")
      let n = try #require(json["n"] as? Int)
      let d = try #require(json["d"] as? Int)
      let k = try #require(json["k"] as? Int)
      return LloydReference(
        points: try Matrix(rows: n, columns: d, elements: ReferenceJSON.floats(json["x"])),
        initial: try Matrix(rows: k, columns: d, elements: ReferenceJSON.floats(json["init"])),
        labels: ReferenceJSON.ints(json["labels"]).map { Int32($0) },
        inertia: try #require(json["inertia"] as? Double),
        iterations: try #require(json["n_iter"] as? Int))
    }
  }

  @Test func reproducesScikitLearnLloyd() throws {
    let reference = try LloydReference.load()
    let kmeans = KMeans(
      clusters: reference.initial.rows, initialization: .given(reference.initial), maxIterations: 100,
      tolerance: 0)
    let result = try kmeans.cluster(reference.points)
    let inertia = try #require(result.inertia)
    #expect(abs(inertia - reference.inertia) <= 1e-4 * reference.inertia)
    #expect(result.labels == reference.labels)
    #expect(result.iterations == reference.iterations)
  }
}

extension KMeansTests {
  @Test func recoversSeparatedBlobs() throws {
    let blobs = Blobs(clusters: 6, perCluster: 50, dimension: 5, seed: 1)
    let result = try KMeans(clusters: 6, seed: 7).cluster(blobs.points)
    let metrics = try ClusteringMetrics(truth: blobs.labels, predicted: result.labels)
    #expect(metrics.adjustedRandIndex == 1)
    // Centroids are the means of their points, and the inertia is that of the labeling.
    let centroids = try #require(result.centroids)
    for c in 0..<6 {
      let members = (0..<blobs.points.rows).filter { result.labels[$0] == Int32(c) }
      for j in 0..<5 {
        let mean = members.reduce(0.0) { $0 + Double(blobs.points[$1, j]) } / Double(members.count)
        #expect(abs(Double(centroids[c, j]) - mean) < 1e-4)
      }
    }
    let inertia = try #require(result.inertia)
    #expect(abs(inertia - naiveInertia(blobs.points, result.labels)) < 1e-6 * inertia)
  }

  @Test func labelsBelongToFinalCentroids() throws {
    // Overlapping data and a loose tolerance stop before convergence; the final E-step must
    // still label each point with its nearest final centroid.
    let x = NaiveReference.random(rows: 400, columns: 4, seed: 2)
    for tolerance in [0.0, 0.5, 1e9] {
      let result = try KMeans(clusters: 9, initialization: .random, maxIterations: 3, tolerance: tolerance, seed: 3)
        .cluster(x)
      let centroids = try #require(result.centroids)
      let distances = NaiveReference.distances(x, centroids, .squaredEuclidean)
      for i in 0..<x.rows {
        let best = distances[i].min()!
        #expect(distances[i][Int(result.labels[i])] <= best + 1e-5, "point \(i), tolerance \(tolerance)")
      }
      if tolerance == 1e9 { #expect(result.iterations == 1) }
    }
  }

  @Test func emptyClusterTakesTheFarthestPoint() throws {
    // Centre 1 starts far from every point and gets none; scikit-learn moves it to the point
    // farthest from its centre (10), which leaves {0, 1, 2} and {10}.
    let x = try Matrix([[0], [1], [2], [10]])
    let start = try Matrix([[1], [1000]])
    let result = try KMeans(clusters: 2, initialization: .given(start), tolerance: 0).cluster(x)
    #expect(result.labels == [0, 0, 0, 1])
    #expect(result.centroids == (try Matrix([[1], [10]])))
    #expect(result.inertia == 2)
  }

  @Test func emptyClustersTakeTheFarthestPointsInOrder() throws {
    // Both far centres start empty: the farthest point (30) goes to cluster 1, the next (20)
    // to cluster 2; then {0, 1, 2, 10} has mean 3.25 and the labels are stable.
    let x = try Matrix([[0], [1], [2], [10], [20], [30]])
    let start = try Matrix([[1], [1000], [2000]])
    let result = try KMeans(clusters: 3, initialization: .given(start), tolerance: 0).cluster(x)
    #expect(result.labels == [0, 0, 0, 0, 2, 1])
    #expect(result.centroids == (try Matrix([[3.25], [30], [20]])))
    #expect(result.inertia == 3.25 * 3.25 + 2.25 * 2.25 + 1.25 * 1.25 + 6.75 * 6.75)
  }

  @Test func sameSeedSameResultWhateverTheThreadCount() throws {
    let blobs = Blobs(clusters: 12, perCluster: 300, dimension: 8, spread: 4, seed: 4)
    let kmeans = KMeans(clusters: 20, restarts: 2, seed: 11)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try kmeans.cluster(blobs.points)
    BLAS.threadCount = 2
    let two = try kmeans.cluster(blobs.points)
    #expect(one == two)
    #expect(try kmeans.cluster(blobs.points) == two)
    var other = kmeans
    other.seed = 12
    #expect(try other.cluster(blobs.points).labels != two.labels)
  }

  @Test func moreRestartsNeverWorsenTheInertia() throws {
    let x = NaiveReference.random(rows: 300, columns: 3, seed: 5)
    let single = try KMeans(clusters: 8, initialization: .random, restarts: 1, seed: 9).cluster(x)
    let several = try KMeans(clusters: 8, initialization: .random, restarts: 6, seed: 9).cluster(x)
    #expect(try #require(several.inertia) <= #require(single.inertia))
  }

  @Test func kMeansPlusPlusSeedsEveryBlob() throws {
    // One iteration from k-means++ on far-apart blobs is already the right partition.
    let blobs = Blobs(clusters: 10, perCluster: 30, dimension: 3, spread: 0.1, separation: 100, seed: 6)
    let result = try KMeans(clusters: 10, maxIterations: 1, seed: 3).cluster(blobs.points)
    #expect(try ClusteringMetrics(truth: blobs.labels, predicted: result.labels).adjustedRandIndex == 1)
  }

  @Test func badInputThrowsClearErrors() throws {
    let x = NaiveReference.random(rows: 10, columns: 3, seed: 8)
    func reason(_ body: () throws -> Void) -> GlyphLabError? {
      do { try body() } catch let error as GlyphLabError { return error } catch { return nil }
      return nil
    }
    for k in [0, -3, 11] {
      guard case .invalidArgument(_, "clusters", _, _)? = reason({ _ = try KMeans(clusters: k).cluster(x) }) else {
        Issue.record("k = \(k) must be refused")
        continue
      }
    }
    var withNaN = x
    withNaN[4, 1] = .nan
    #expect(
      reason { _ = try KMeans(clusters: 2).cluster(withNaN) }
        == .nonFinite(operation: "KMeans", argument: "points", row: 4, column: 1))
    guard
      case .shapeMismatch? = reason({
        _ = try KMeans(clusters: 2, initialization: .given(Matrix(rows: 3, columns: 3))).cluster(x)
      })
    else {
      Issue.record("a wrong-shaped initialisation must be refused")
      return
    }
    guard
      case .invalidArgument(_, "maxIterations", _, _)? = reason({
        _ = try KMeans(clusters: 2, maxIterations: 0).cluster(x)
      }),
      case .invalidArgument(_, "tolerance", _, _)? = reason({ _ = try KMeans(clusters: 2, tolerance: -1).cluster(x) }),
      case .invalidArgument(_, "restarts", _, _)? = reason({ _ = try KMeans(clusters: 2, restarts: 0).cluster(x) })
    else {
      Issue.record("bad parameters must be refused")
      return
    }
  }

  @Test func identicalPointsNeedOneCluster() throws {
    let same = Matrix(rows: 20, columns: 4, repeating: 3.25)
    for initialization in [
      KMeansInitialization.kMeansPlusPlus, .random, .given(Matrix(rows: 3, columns: 4, repeating: 0)),
    ] {
      #expect(throws: GlyphLabError.self, "\(initialization)") {
        _ = try KMeans(clusters: 3, initialization: initialization).cluster(same)
      }
    }
    let one = try KMeans(clusters: 1).cluster(same)
    #expect(one.labels == [Int32](repeating: 0, count: 20))
    #expect(one.inertia == 0)
    #expect(one.centroids == Matrix(rows: 1, columns: 4, repeating: 3.25))
    // Two distinct rows and k = 2 is fine; constant columns are fine.
    let two = try Matrix([[1, 5], [1, 5], [2, 5], [2, 5]])
    #expect(try KMeans(clusters: 2).cluster(two).inertia == 0)
  }
}
