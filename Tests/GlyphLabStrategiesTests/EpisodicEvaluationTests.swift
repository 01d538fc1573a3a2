import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Episodic evaluation")
struct EpisodicEvaluationTests {
  static let blobs = FewShotData.blobs(classes: 10, perClass: 12, dimensions: 10, separation: 2.5, seed: 1)

  static let methods: [EpisodicEvaluation.Method] = [
    .init(PrototypeClassifier()), .init(KNearestNeighborsClassifier(k: 1), name: "1-nn"),
    .init(LogisticRegressionClassifier()),
  ]

  @Test func runsEveryMethodOnTheSameEpisodes() throws {
    let evaluation = EpisodicEvaluation(ways: 5, shots: 2, queriesPerClass: 4, episodes: 30, seed: 2)
    let result = try evaluation.run(methods: Self.methods, features: Self.blobs.x, labels: Self.blobs.labels)
    #expect(result.methods == ["prototype", "1-nn", "logistic-regression"])
    #expect(result.episodes == 30)
    // Episode 7's accuracies, recomputed by hand from the sampler.
    let sampler = try EpisodeSampler(labels: Self.blobs.labels, ways: 5, shots: 2, queriesPerClass: 4, seed: 2)
    let episode = sampler.episode(7)
    for (m, method) in Self.methods.enumerated() {
      let p = try method.classifier.predict(
        support: Self.blobs.x.gathering(rows: episode.supportRows), supportLabels: episode.supportLabels,
        queries: Self.blobs.x.gathering(rows: episode.queryRows))
      #expect(result.accuracies[m][7] == FewShotData.accuracy(p.labels, episode.queryLabels))
    }
    // Summaries and paired differences are the intervals of the per-episode values.
    #expect(result.summaries[1].accuracy == (try ConfidenceInterval(values: result.accuracies[1])))
    #expect(
      result.pairedDifferences.map { "\($0.first)/\($0.second)" } == [
        "prototype/1-nn", "prototype/logistic-regression", "1-nn/logistic-regression",
      ])
    let diff = zip(result.accuracies[0], result.accuracies[2]).map { $0 - $1 }
    #expect(result.pairedDifferences[1].difference == (try ConfidenceInterval(values: diff)))
    #expect(result.table.contains("5-way 2-shot"))
  }

  @Test func separatedBlobsScorePerfectly() throws {
    let far = FewShotData.blobs(classes: 8, perClass: 10, dimensions: 8, separation: 30, seed: 3)
    let result = try EpisodicEvaluation(ways: 4, shots: 1, queriesPerClass: 5, episodes: 20).run(
      methods: Self.methods, features: far.x, labels: far.labels)
    for summary in result.summaries { #expect(summary.accuracy.mean == 1, "\(summary.name)") }
  }

  @Test func resultDoesNotDependOnTheThreadCount() throws {
    let evaluation = EpisodicEvaluation(ways: 5, shots: 1, queriesPerClass: 5, episodes: 40, seed: 4)
    let methods = Self.methods + [.init(LabelPropagationClassifier(neighbors: 5)), .init(MultiPrototypeClassifier())]
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try evaluation.run(methods: methods, features: Self.blobs.x, labels: Self.blobs.labels)
    BLAS.threadCount = 2
    let two = try evaluation.run(methods: methods, features: Self.blobs.x, labels: Self.blobs.labels)
    #expect(one == two)
  }

  @Test func classSubsetAndErrors() throws {
    let evaluation = EpisodicEvaluation(ways: 3, shots: 1, queriesPerClass: 2, episodes: 5)
    let subset = try evaluation.run(
      methods: [.init(PrototypeClassifier())], features: Self.blobs.x, labels: Self.blobs.labels, classes: [0, 1, 2])
    #expect(subset.episodes == 5)
    #expect(throws: GlyphLabError.self) {
      try evaluation.run(methods: [], features: Self.blobs.x, labels: Self.blobs.labels)
    }
    #expect(throws: GlyphLabError.self) {
      try evaluation.run(
        methods: [.init(PrototypeClassifier()), .init(PrototypeClassifier())], features: Self.blobs.x,
        labels: Self.blobs.labels)
    }
    #expect(throws: GlyphLabError.self) {
      try evaluation.run(methods: Self.methods, features: Self.blobs.x, labels: Array(Self.blobs.labels.dropLast()))
    }
    // A classifier error inside an episode reaches the caller.
    let failing = EpisodicEvaluation.Method(KNearestNeighborsClassifier(k: 0))
    #expect(throws: GlyphLabError.self) {
      try evaluation.run(methods: [failing], features: Self.blobs.x, labels: Self.blobs.labels)
    }
  }

  @Test func scoreComputesAccuracyAndClippedLogLoss() throws {
    let p = Predictions(classes: [3, 4], labels: [3, 3], probabilities: try Matrix([[0.8, 0.2], [1, 0]]))
    let score = EpisodicEvaluation.score(p, truth: [3, 4])
    #expect(score.accuracy == 0.5)
    #expect(abs(score.logLoss - (-log(0.8) - log(1e-15)) / 2) < 1e-6)
  }
}
