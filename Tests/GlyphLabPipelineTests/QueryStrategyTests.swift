import GlyphLabCore
import GlyphLabPipeline
import GlyphLabStrategies
import Testing

@Suite("Query strategies")
struct QueryStrategyTests {
  static let points: [[Float]] = [[0, 0], [1, 0], [0, 1], [10, 10], [10, 11], [-5, 0]]
  static let features = Matrix(rows: 6, columns: 2) { i, j in points[i][j] }

  func context(probabilities: Matrix? = nil, clusters: ClusteringResult? = nil, labeled: [Int] = []) -> QueryContext {
    let pool = (0..<6).filter { !labeled.contains($0) }
    return QueryContext(
      features: Self.features, pool: pool, labeled: labeled, probabilities: probabilities, clusters: clusters)
  }

  @Test func randomIsSeededAndDistinct() throws {
    var a = SeededGenerator(seed: 1)
    var b = SeededGenerator(seed: 1)
    let x = try RandomQuery().select(count: 4, context: context(), generator: &a)
    #expect(x == (try RandomQuery().select(count: 4, context: context(), generator: &b)))
    #expect(Set(x).count == 4)
  }

  @Test func marginPicksTheLeastSeparatedPoint() throws {
    let p = try Matrix([
      [0.9, 0.1, 0], [0.5, 0.45, 0.05], [0.6, 0.2, 0.2], [1, 0, 0], [0.34, 0.33, 0.33], [0.7, 0.3, 0],
    ])
    var g = SeededGenerator(seed: 2)
    #expect(
      try UncertaintyQuery(measure: .margin).select(count: 1, context: context(probabilities: p), generator: &g) == [4])
    #expect(
      try UncertaintyQuery(measure: .margin).select(count: 2, context: context(probabilities: p), generator: &g) == [
        4, 1,
      ])
    #expect(
      try UncertaintyQuery(measure: .leastConfidence).select(
        count: 1, context: context(probabilities: p), generator: &g) == [4])
    #expect(
      try UncertaintyQuery(measure: .entropy).select(count: 1, context: context(probabilities: p), generator: &g) == [4]
    )
  }

  @Test func uncertaintyNeedsProbabilities() {
    var g = SeededGenerator(seed: 2)
    #expect(throws: GlyphLabError.self) { try UncertaintyQuery().select(count: 1, context: context(), generator: &g) }
    #expect(throws: GlyphLabError.self) { try RandomQuery().select(count: 0, context: context(), generator: &g) }
  }

  @Test func kCenterPicksTheFarthest() throws {
    var g = SeededGenerator(seed: 3)
    // Labelled: glyph 0 at the origin. Farthest: (10, 11), then (-5, 0) is farther from
    // {origin, (10,11)} than (10,10) is.
    let picks = try KCenterGreedyQuery().select(count: 2, context: context(labeled: [0]), generator: &g)
    #expect(picks == [4, 5])
  }

  @Test func clusterRepresentativesTakeTheLargestUncoveredClusters() throws {
    let clusters = ClusteringResult(labels: [0, 0, 0, 1, 1, 2])
    var g = SeededGenerator(seed: 4)
    let picks = try ClusterRepresentativeQuery().select(count: 2, context: context(clusters: clusters), generator: &g)
    // Cluster 0's member nearest its mean (1/3, 1/3) is the origin; cluster 1's is a tie.
    #expect(picks.count == 2 && picks[0] == 0 && [3, 4].contains(picks[1]))
    let covered = try ClusterRepresentativeQuery().select(
      count: 3, context: context(clusters: clusters, labeled: [1]), generator: &g)
    #expect(!covered.contains(0) && !covered.contains(2), "cluster 0 is covered by glyph 1")
  }

  @Test func typicalityPrefersDensePoints() throws {
    let features = try Matrix([[0, 0], [0.1, 0], [0, 0.1], [0.1, 0.1], [3, 3]])
    let clusters = ClusteringResult(labels: [0, 0, 0, 0, 0])
    var g = SeededGenerator(seed: 5)
    let c = QueryContext(features: features, pool: Array(0..<5), labeled: [], clusters: clusters)
    let pick = try TypicalityQuery(neighbours: 3).select(count: 1, context: c, generator: &g)
    #expect(pick.count == 1 && pick[0] != 4)
  }

  @Test func hybridSwitchesToUncertainty() throws {
    let clusters = ClusteringResult(labels: [0, 0, 0, 1, 1, 2])
    let p = try Matrix([[0.9, 0.1], [0.5, 0.5], [0.6, 0.4], [1, 0], [0.8, 0.2], [0.7, 0.3]])
    var g = SeededGenerator(seed: 6)
    var c = context(probabilities: p, clusters: clusters)
    c.round = 0
    let early = try HybridQuery().select(count: 1, context: c, generator: &g)
    #expect(early == [0])
    c.round = 3
    #expect(try HybridQuery().select(count: 1, context: c, generator: &g) == [1])
  }
}
