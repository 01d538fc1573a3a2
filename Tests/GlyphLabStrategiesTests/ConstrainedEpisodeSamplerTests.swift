import GlyphLabCore
import GlyphLabStrategies
import Testing

@Suite("constrained episode sampling")
struct ConstrainedEpisodeSamplerTests {
  /// 3 groups × 4 classes × 6 rows, rows of class c at 6c..<6c+6, class c in group c / 4.
  static let labels = (0..<12).flatMap { c in [Int32](repeating: Int32(c), count: 6) }
  static let groups = labels.map { $0 / 4 }

  @Test func withoutAConstraintItDrawsTheEpisodeSamplersEpisodes() throws {
    let plain = try EpisodeSampler(labels: Self.labels, ways: 5, shots: 2, queriesPerClass: 3, seed: 9)
    let constrained = try ConstrainedEpisodeSampler(
      labels: Self.labels, ways: 5, shots: 2, queriesPerClass: 3, seed: 9)
    #expect(plain.episodes(30) == constrained.episodes(30))
  }

  @Test func withinAGroupEveryEpisodeKeepsToOneValueAndEpisodesDependOnlyOnTheirIndex() throws {
    let sampler = try ConstrainedEpisodeSampler(
      labels: Self.labels, constraint: .withinGroup(groups: Self.groups), ways: 3, shots: 1, queriesPerClass: 4,
      seed: 2)
    #expect(sampler.poolCount == 3)
    var seen = Set<Int32>()
    for episode in sampler.episodes(60) {
      let values = Set((episode.supportRows + episode.queryRows).map { Self.groups[$0] })
      #expect(values.count == 1)
      seen.formUnion(values)
      #expect(Set(episode.supportRows).isDisjoint(with: episode.queryRows))
      #expect(episode.supportRows.count == 3 && episode.queryRows.count == 12)
      #expect(sampler.episode(episode.index) == episode)
    }
    #expect(seen == [0, 1, 2])
  }

  @Test func shortagesSayWhichParameterAndHowManyClassesQualify() {
    #expect(throws: ConstrainedEpisodeSampler.Shortage.self) {
      try ConstrainedEpisodeSampler(
        labels: Self.labels, constraint: .withinGroup(groups: Self.groups), ways: 5, shots: 1, queriesPerClass: 1,
        seed: 0)
    }
    do {
      _ = try ConstrainedEpisodeSampler(
        labels: Self.labels, constraint: .withinGroup(groups: Self.groups), ways: 5, shots: 1, queriesPerClass: 1,
        seed: 0)
    } catch let shortage as ConstrainedEpisodeSampler.Shortage {
      #expect(shortage.parameter == "ways")
      #expect(shortage.message.contains("the best of the 3 values has only 4 such classes"))
    } catch {
      Issue.record("unexpected \(error)")
    }
    do {
      _ = try ConstrainedEpisodeSampler(labels: Self.labels, ways: 2, shots: 4, queriesPerClass: 3, seed: 0)
    } catch let shortage as ConstrainedEpisodeSampler.Shortage {
      #expect(shortage.parameter == "shots")
      #expect(shortage.message.contains("only 0 of 12 classes qualify (the largest has 6 glyphs)"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func everyMethodOfAnEvaluationSeesTheSameEpisodes() throws {
    // Two copies of one classifier under different names score identically episode by
    // episode; a third, different classifier is paired on the same episodes.
    var generator = SeededGenerator(seed: 4)
    let features = Matrix(rows: Self.labels.count, columns: 6) { i, j in
      Float(Self.labels[i] % 6 == Int32(j) ? 1 : 0) + Float(generator.uniformInt(below: 1000)) / 1500
    }
    let sampler = try ConstrainedEpisodeSampler(
      labels: Self.labels, constraint: .withinGroup(groups: Self.groups), ways: 3, shots: 1, queriesPerClass: 3,
      seed: 5)
    let result = try EpisodicEvaluation(ways: 3, shots: 1, queriesPerClass: 3).run(
      methods: [
        .init(PrototypeClassifier(), name: "a"), .init(PrototypeClassifier(), name: "b"),
        .init(KNearestNeighborsClassifier(k: 1), name: "c"),
      ], features: features, episodes: sampler.episodes(50))
    #expect(result.accuracies[0] == result.accuracies[1])
    #expect(result.episodes == 50)
    #expect(result.queriesPerSecond.count == 3 && result.queriesPerSecond.allSatisfy { $0 > 0 })
  }
}
