import GlyphLabCore
import GlyphLabPipeline
import GlyphLabStrategies
import Testing

@Suite("Human-in-the-loop pipeline")
struct HumanInTheLoopPipelineTests {
  /// Blobs: `classes` Gaussian clusters in 8-D with a long tail of sizes.
  static func blobs(classes: Int = 12, seed: UInt64 = 3) -> (Matrix, [Int32]) {
    var g = SeededGenerator(seed: seed)
    var rows: [[Float]] = []
    var labels: [Int32] = []
    for c in 0..<classes {
      let center = (0..<8).map { _ in Float(g.normal() * 6) }
      for _ in 0..<(40 / (c + 1) + 1) {
        rows.append(center.map { $0 + Float(g.normal() * 0.3) })
        labels.append(Int32(c))
      }
    }
    return ((try? Matrix(rows)) ?? Matrix(rows: 0, columns: 8), labels)
  }

  func pipeline(
    _ configuration: PipelineConfiguration, strategy: any QueryStrategy = HybridQuery()
  ) -> HumanInTheLoopPipeline {
    HumanInTheLoopPipeline(
      configuration: configuration, clustering: KMeans(clusters: 10, seed: 1), classifier: PrototypeClassifier(),
      strategy: strategy)
  }

  @Test func unlimitedBudgetReachesEveryGlyph() throws {
    let (x, y) = Self.blobs()
    var configuration = PipelineConfiguration(target: 1, batchSize: 5, maxRounds: 500, seed: 4)
    for strategy: any QueryStrategy in [
      HybridQuery(), RandomQuery(), UncertaintyQuery(measure: .entropy), KCenterGreedyQuery(),
    ] {
      configuration.verifyClusters = strategy is HybridQuery
      let result = try pipeline(configuration, strategy: strategy).run(features: x, truth: y)
      #expect(result.curve.points.last?.accuracy == 1, "\(strategy.name)")
      #expect(result.stopReason == "target", "\(strategy.name)")
      #expect(zip(result.finalLabels, y).allSatisfy { $0 == $1 })
    }
  }

  @Test func costIsChargedAndBudgetRespected() throws {
    let (x, y) = Self.blobs()
    let budget = 60.0
    let result = try pipeline(PipelineConfiguration(target: 1, budgetSeconds: budget, batchSize: 4, seed: 5)).run(
      features: x, truth: y)
    #expect(result.ledger.totalSeconds <= budget)
    #expect(result.stopReason == "budget" || result.stopReason == "target")
    #expect(result.manualCost == Double(y.count) * 4)
    // Effort never decreases round to round; the curve matches the ledger at the end.
    let costs = result.curve.points.map(\.cost)
    #expect(costs == costs.sorted())
    #expect(result.curve.points.last?.cost == result.ledger.totalSeconds)
    #expect(result.curve.points.last?.labels == result.ledger.settledCount)
  }

  /// Without stopping at the target the run spends the budget; up to the round that reached
  /// the target it is the same run, so the effort to the target is the same.
  @Test func notStoppingAtTheTargetSpendsTheBudget() throws {
    let (x, y) = Self.blobs()
    var configuration = PipelineConfiguration(target: 0.8, budgetSeconds: 400, batchSize: 4, seed: 5)
    configuration.verifyClusters = false
    let stopping = try pipeline(configuration).run(features: x, truth: y)
    #expect(stopping.stopReason == "target")
    configuration.stopAtTarget = false
    let spending = try pipeline(configuration).run(features: x, truth: y)
    #expect(spending.stopReason == "budget" || spending.stopReason == "no-change")
    #expect(spending.rounds.count > stopping.rounds.count)
    #expect(Array(spending.curve.points.prefix(stopping.curve.points.count)) == stopping.curve.points)
    #expect(spending.curve.effort(toReach: 0.8, axis: .cost) == stopping.curve.effort(toReach: 0.8, axis: .cost))
    #expect((spending.curve.points.last?.accuracy ?? 0) >= (stopping.curve.points.last?.accuracy ?? 1))
  }

  @Test func sameSeedSameRun() throws {
    let (x, y) = Self.blobs()
    let configuration = PipelineConfiguration(target: 0.99, batchSize: 3, seed: 9)
    let a = try pipeline(configuration).run(features: x, truth: y)
    let b = try pipeline(configuration).run(features: x, truth: y)
    // Everything but the measured throughput is identical.
    #expect(a.rounds.map(\.point) == b.rounds.map(\.point))
    #expect(a.rounds.map(\.actions) == b.rounds.map(\.actions))
    #expect(a.finalLabels == b.finalLabels)
  }

  @Test func badInputIsRefused() throws {
    let (x, y) = Self.blobs()
    #expect(throws: GlyphLabError.self) {
      try pipeline(PipelineConfiguration(budgetSeconds: 0)).run(features: x, truth: y)
    }
    #expect(throws: GlyphLabError.self) {
      try pipeline(PipelineConfiguration(budgetSeconds: -5)).run(features: x, truth: y)
    }
    #expect(throws: GlyphLabError.self) { try pipeline(PipelineConfiguration(target: 0)).run(features: x, truth: y) }
    #expect(throws: GlyphLabError.self) { try pipeline(PipelineConfiguration(target: 1.01)).run(features: x, truth: y) }
    var unlabelled = y
    unlabelled[3] = -1
    #expect(throws: GlyphLabError.self) { try pipeline(PipelineConfiguration()).run(features: x, truth: unlabelled) }
    #expect(throws: GlyphLabError.self) {
      try pipeline(PipelineConfiguration()).run(features: x, truth: Array(y.dropLast()))
    }
  }
}
