import Foundation
import GlyphLabCore
import GlyphLabPipeline
import GlyphLabStrategies
import Testing

@Suite("Refitting in the background while people answer")
struct BackgroundRefitTests {
  /// When each prediction (the refit) ran, on the wall clock.
  final class Intervals: @unchecked Sendable {
    private let lock = NSLock()
    private var spans: [(start: Double, end: Double)] = []
    func add(_ start: Double, _ end: Double) {
      lock.lock()
      spans.append((start, end))
      lock.unlock()
    }
    var all: [(start: Double, end: Double)] {
      lock.lock()
      defer { lock.unlock() }
      return spans
    }
  }

  /// A nearest-prototype model that takes `delay` seconds per prediction, like a large refit.
  struct SlowPrototypes: FewShotClassifier {
    let delay: Double
    let intervals: Intervals
    var name: String { "slow-prototype" }
    func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
      let start = Date().timeIntervalSince1970
      Thread.sleep(forTimeInterval: delay)
      let predictions = try PrototypeClassifier().predict(
        support: support, supportLabels: supportLabels, queries: queries)
      intervals.add(start, Date().timeIntervalSince1970)
      return predictions
    }
  }

  /// The ground truth, answering after `pause` seconds, noting every query and when it was answered.
  struct PausingAnnotator: Annotator {
    var truth: SimulatedAnnotator
    let pause: Double
    var queries: [AnnotationQuery] = []
    var answeredAt: [Double] = []
    func expectedCost(of query: AnnotationQuery, costs: AnnotationCostModel) -> Double {
      truth.expectedCost(of: query, costs: costs)
    }
    mutating func answer(_ query: AnnotationQuery) throws -> AnnotationAnswer {
      if pause > 0 { Thread.sleep(forTimeInterval: pause) }
      queries.append(query)
      answeredAt.append(Date().timeIntervalSince1970)
      return truth.answer(query)
    }
  }

  func run(
    refit: PipelineConfiguration.Refit, pause: Double, grids: Bool = true, budget: Double? = nil
  ) throws -> (PipelineResult, PausingAnnotator, Intervals) {
    let (x, y) = HumanInTheLoopPipelineTests.blobs()
    var configuration = PipelineConfiguration(
      target: 1, budgetSeconds: budget, batchSize: 6, maxRounds: 12, verifyClusters: grids, maxGridSize: 6,
      gridSource: .prediction, seed: 5)
    configuration.refit = refit
    let intervals = Intervals()
    let pipeline = HumanInTheLoopPipeline(
      configuration: configuration, clustering: KMeans(clusters: 10, seed: 1),
      classifier: SlowPrototypes(delay: 0.03, intervals: intervals), strategy: UncertaintyQuery(measure: .margin))
    var person = PausingAnnotator(truth: try SimulatedAnnotator(truth: y), pause: pause)
    let result = try pipeline.run(features: x, truth: y, annotator: &person)
    return (result, person, intervals)
  }

  /// Everything a run decides, without its wall-clock throughputs.
  func decisions(_ result: PipelineResult) -> [String] {
    result.rounds.map { "\($0.index) \($0.point) \($0.actions.sorted { $0.key < $1.key }) \($0.seconds)" }
      + ["\(result.finalLabels)", "\(result.settledRound)", result.stopReason]
  }

  @Test func theAnswersAloneFixTheRunWhileTheRefitOverlapsThem() throws {
    // Instant answers: every refit is waited for. Answers 12 ms apart: a 30 ms refit ends
    // while the next batch is answered.
    let (instant, instantPerson, _) = try run(refit: .background, pause: 0)
    let (slow, slowPerson, intervals) = try run(refit: .background, pause: 0.012)
    #expect(instantPerson.queries == slowPerson.queries)
    #expect(decisions(instant) == decisions(slow))
    #expect(instant.ledger == slow.ledger)
    #expect(instant.rounds.count >= 3, "\(instant.rounds.count) rounds, stopped by \(instant.stopReason)")
    // The person was answering while the model refitted: answers fall inside refits.
    let times = slowPerson.answeredAt
    let overlapped = times.filter { t in intervals.all.contains { $0.start < t && t < $0.end } }
    #expect(overlapped.count >= 2, "\(overlapped.count) of \(times.count) answers during a refit")
  }

  @Test func theNextBatchComesFromTheModelOneRoundOlder() throws {
    let (after, afterPerson, _) = try run(refit: .afterBatch, pause: 0, grids: false)
    let (background, backgroundPerson, _) = try run(refit: .background, pause: 0, grids: false)
    // Round 0 is the same; after-batch suggests from round 1, background from round 2 (the
    // refit of round 0 ran while round 1 was answered).
    let firstSuggested = { (queries: [AnnotationQuery]) in queries.first { $0.suggestion != nil }?.round }
    #expect(firstSuggested(afterPerson.queries) == 1)
    #expect(firstSuggested(backgroundPerson.queries) == 2)
    #expect(afterPerson.queries.prefix(6) == backgroundPerson.queries.prefix(6))
    // Every round still records its own refit: labels and cost grow round by round.
    for result in [after, background] {
      #expect(zip(result.rounds, result.rounds.dropFirst()).allSatisfy { $0.point.cost <= $1.point.cost })
      #expect(result.rounds.last?.point.labels == result.ledger.settledCount)
    }
  }

  @Test func aBudgetStopsBothTheSameWay() throws {
    let (instant, _, _) = try run(refit: .background, pause: 0, budget: 40)
    let (slow, _, _) = try run(refit: .background, pause: 0.005, budget: 40)
    #expect(instant.stopReason == "budget")
    #expect(decisions(instant) == decisions(slow))
    #expect(instant.ledger == slow.ledger)
    #expect(instant.ledger.totalSeconds <= 40 + 1e-9)
  }
}
