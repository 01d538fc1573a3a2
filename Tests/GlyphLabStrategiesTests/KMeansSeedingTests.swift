import GlyphLabCore
import GlyphLabTestSupport
import Testing

@testable import GlyphLabStrategies

/// Greedy k-means++ prunes its search with the centres' radii. The pruning must be exact:
/// the same centres as measuring every point, on clustered and on uniform points.
@Suite("k-means++ seeding")
struct KMeansSeedingTests {
  static func potential(_ points: Matrix, _ chosen: [Int]) -> Double {
    (0..<points.rows).reduce(0.0) { total, i in
      total
        + chosen.map { c in
          (0..<points.columns).reduce(0.0) { s, j in
            let e = Double(points[i, j]) - Double(points[c, j])
            return s + e * e
          }
        }.min()!
    }
  }

  @Test(arguments: [1, 2, 3])
  func pruningChoosesTheSameCentresAsAFullSearch(seed: UInt64) throws {
    let blobs = Blobs(clusters: 40, perCluster: 50, dimension: 6, spread: 0.5, separation: 8, seed: seed)
    let uniform = NaiveReference.random(rows: 2000, columns: 5, seed: seed + 10)
    for points in [blobs.points, uniform] {
      var a = SeededGenerator(seed: seed)
      var b = SeededGenerator(seed: seed)
      let pruned = try KMeansSeeding.kMeansPlusPlus(points: points, clusters: 120, generator: &a)
      let full = try KMeansSeeding.kMeansPlusPlus(points: points, clusters: 120, pruning: false, generator: &b)
      #expect(pruned == full)
      #expect(Set(pruned).count == 120, "distinct centres")
    }
  }

  @Test func theThreadCountChangesNothing() throws {
    let points = NaiveReference.random(rows: 3000, columns: 7, seed: 12)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    var results: [[Int]] = []
    for threads in [1, 2, 3] {
      BLAS.threadCount = threads
      var generator = SeededGenerator(seed: 5)
      results.append(try KMeansSeeding.kMeansPlusPlus(points: points, clusters: 90, generator: &generator))
    }
    #expect(results.allSatisfy { $0 == results[0] })
  }

  @Test func thePotentialFallsWithEveryCentre() throws {
    let points = NaiveReference.random(rows: 500, columns: 3, seed: 4)
    var generator = SeededGenerator(seed: 8)
    let chosen = try KMeansSeeding.kMeansPlusPlus(points: points, clusters: 30, generator: &generator)
    let potentials = (1...chosen.count).map { Self.potential(points, Array(chosen.prefix($0))) }
    #expect(zip(potentials, potentials.dropFirst()).allSatisfy { $1 < $0 })
    // Greedy seeding beats uniform random starting points by a wide margin on blobs.
    let blobs = Blobs(clusters: 12, perCluster: 40, dimension: 2, spread: 0.2, separation: 20, seed: 5)
    var g1 = SeededGenerator(seed: 3)
    var g2 = SeededGenerator(seed: 3)
    let plusPlus = try KMeansSeeding.kMeansPlusPlus(points: blobs.points, clusters: 12, generator: &g1)
    let random = KMeansSeeding.random(points: blobs.points, clusters: 12, generator: &g2)
    #expect(Self.potential(blobs.points, plusPlus) < Self.potential(blobs.points, random) / 2)
  }

  @Test func fewerDistinctPointsThanCentresStopsEarly() throws {
    var points = Matrix(rows: 60, columns: 2)
    for i in 0..<60 {
      points[i, 0] = Float(i % 5)
      points[i, 1] = Float((i % 5) * 2)
    }
    var generator = SeededGenerator(seed: 1)
    let chosen = try KMeansSeeding.kMeansPlusPlus(points: points, clusters: 9, generator: &generator)
    #expect(chosen.count == 5)
    #expect(Set(chosen.map { i in points[i, 0] }).count == 5)
  }
}
