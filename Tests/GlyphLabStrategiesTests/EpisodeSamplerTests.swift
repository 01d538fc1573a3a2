import GlyphLabCore
import GlyphLabStrategies
import Testing

@Suite("Episode sampler")
struct EpisodeSamplerTests {
  /// Class c (0..<12) has 3 + c rows, interleaved.
  static let labels: [Int32] = {
    var out = [Int32]()
    for round in 0..<15 {
      for c in 0..<12 where round < 3 + c { out.append(Int32(c)) }
    }
    return out
  }()

  @Test func episodesHaveTheRequestedShape() throws {
    let sampler = try EpisodeSampler(labels: Self.labels, ways: 4, shots: 2, queriesPerClass: 5, seed: 1)
    #expect(sampler.eligibleClasses == Array(4...11).map(Int32.init))
    for episode in sampler.episodes(50) {
      #expect(Set(episode.classes).count == 4)
      #expect(episode.classes.allSatisfy { sampler.eligibleClasses.contains($0) })
      #expect(episode.supportRows.count == 8 && episode.queryRows.count == 20)
      #expect(Set(episode.supportRows + episode.queryRows).count == 28, "rows are distinct")
      for (row, label) in zip(episode.supportRows + episode.queryRows, episode.supportLabels + episode.queryLabels) {
        #expect(Self.labels[row] == label)
      }
      for c in episode.classes {
        #expect(episode.supportLabels.count { $0 == c } == 2)
        #expect(episode.queryLabels.count { $0 == c } == 5)
      }
    }
  }

  @Test func episodeIDependsOnlyOnSeedAndIndex() throws {
    let a = try EpisodeSampler(labels: Self.labels, ways: 3, shots: 1, queriesPerClass: 2, seed: 7)
    let b = try EpisodeSampler(labels: Self.labels, ways: 3, shots: 1, queriesPerClass: 2, seed: 7)
    let forward = a.episodes(20)
    let backward = (0..<20).reversed().map { b.episode($0) }.reversed()
    #expect(forward == Array(backward))
    #expect(a.episode(5) != a.episode(6))
    let other = try EpisodeSampler(labels: Self.labels, ways: 3, shots: 1, queriesPerClass: 2, seed: 8)
    #expect(other.episode(5) != a.episode(5))
  }

  @Test func everyEligibleClassAndRowIsReached() throws {
    let sampler = try EpisodeSampler(labels: Self.labels, ways: 2, shots: 1, queriesPerClass: 1, seed: 2)
    var classes = Set<Int32>()
    var rows = Set<Int>()
    for episode in sampler.episodes(400) {
      classes.formUnion(episode.classes)
      rows.formUnion(episode.supportRows + episode.queryRows)
    }
    #expect(classes.count == 12)
    #expect(rows.count == Self.labels.count)
  }

  @Test func classSubsetRestrictsTheDraw() throws {
    let sampler = try EpisodeSampler(
      labels: Self.labels, classes: [11, 2, 9, 10], ways: 2, shots: 1, queriesPerClass: 3, seed: 3)
    // Class 2 has only 5 rows... it has 3 + 2 = 5 ≥ 4: eligible.
    #expect(sampler.eligibleClasses == [2, 9, 10, 11])
    #expect(sampler.episodes(30).allSatisfy { $0.classes.allSatisfy { [2, 9, 10, 11].contains($0) } })
  }

  @Test func tooFewEligibleClassesIsAClearError() throws {
    let error = try #require(throws: GlyphLabError.self) {
      try EpisodeSampler(labels: Self.labels, ways: 5, shots: 5, queriesPerClass: 6, seed: 0)
    }
    // Only classes 8...11 have 11 or more rows.
    #expect("\(error)".contains("only 4 of 12 classes have at least 11 rows"))
    #expect(throws: GlyphLabError.self) {
      try EpisodeSampler(labels: [0, 1], ways: 0, shots: 1, queriesPerClass: 1, seed: 0)
    }
    #expect(throws: GlyphLabError.self) {
      try EpisodeSampler(labels: Self.labels, classes: [99], ways: 1, shots: 1, queriesPerClass: 1, seed: 0)
    }
    #expect(throws: GlyphLabError.self) {
      try EpisodeSampler(labels: [0, -1], ways: 1, shots: 1, queriesPerClass: 1, seed: 0)
    }
  }
}
