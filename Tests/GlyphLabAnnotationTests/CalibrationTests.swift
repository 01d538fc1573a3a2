import Foundation
import GlyphLabAnnotation
import GlyphLabCore
import GlyphLabPipeline
import Testing

@Suite("cost calibration from timed actions")
struct CalibrationTests {
  /// Actions timed by a known cost model plus seeded noise (uniform, ±0.4 s).
  static func scripted(seed: UInt64 = 3) -> [TimedAction] {
    let truth = AnnotationCostModel(
      typeSeconds: 6, confirmSeconds: 1.5, correctLookSeconds: 2, clusterBaseSeconds: 3, clusterPerGlyphSeconds: 0.4,
      markWrongSeconds: 1.2)
    var generator = SeededGenerator(seed: seed)
    func noise() -> Double { (Double(generator.uniformInt(below: 1001)) / 1000 - 0.5) * 0.8 }
    var actions: [TimedAction] = []
    func add(_ kind: AnnotationQuery.Kind, _ action: AnnotationAction, members: Int, rejected: Int, typed: Bool) {
      var seconds = noise()
      switch action {
      case .type: seconds += truth.typeSeconds
      case .confirm: seconds += truth.confirmSeconds
      case .correct: seconds += truth.correctLookSeconds + truth.typeSeconds
      default:
        seconds +=
          truth.clusterBaseSeconds + truth.clusterPerGlyphSeconds * Double(members)
          + truth.markWrongSeconds * Double(rejected) + (typed ? truth.typeSeconds : 0)
      }
      actions.append(
        TimedAction(
          queryID: actions.count + 1, round: 0, kind: kind, action: action, members: Array(0..<members),
          suggestion: typed ? -1 : 1, label: 1, rejected: Array(0..<rejected), modelledSeconds: 0,
          seconds: seconds, firstInputSeconds: seconds / 3, serverSeconds: seconds, shownAt: 0))
    }
    for _ in 0..<40 { add(.type, .type, members: 1, rejected: 0, typed: true) }
    for _ in 0..<40 { add(.review, .confirm, members: 1, rejected: 0, typed: false) }
    for _ in 0..<30 { add(.review, .correct, members: 1, rejected: 0, typed: true) }
    for i in 0..<60 { add(.grid, .verifyCluster, members: 4 + i % 9, rejected: i % 4, typed: i % 3 == 0) }
    // An undone action with an absurd time must not count.
    add(.type, .type, members: 1, rejected: 0, typed: true)
    actions[actions.count - 1].seconds = 500
    actions[actions.count - 1].undone = true
    return actions
  }

  @Test func recoversKnownCostsWithinTheirIntervals() throws {
    let calibration = try CostCalibration(actions: Self.scripted())
    #expect(calibration.actions == 170)
    let expected: [String: Double] = [
      "type": 6, "confirm": 1.5, "correct_look": 2, "cluster_base": 3, "cluster_per_glyph": 0.4, "mark_wrong": 1.2,
    ]
    for (key, value) in expected {
      let e = try #require(calibration.estimates[key], "\(key) fitted")
      #expect(e.low <= value && value <= e.high, "\(key): \(value) outside [\(e.low), \(e.high)]")
      #expect(abs(e.seconds - value) < 0.25, "\(key): \(e.seconds) vs \(value)")
      #expect(e.high - e.low < 1, "\(key): interval [\(e.low), \(e.high)] too wide")
    }
    let model = calibration.costModel()
    #expect(abs(model.typeSeconds - 6) < 0.25)
    let yaml = calibration.yaml(source: "scripted")
    #expect(yaml.contains("costs:\n  type: "))
    #expect(yaml.contains("unfitted: []"))
  }

  @Test func refusesTooFewActionsAndKeepsUnfittedDefaults() throws {
    let one = Array(Self.scripted().prefix(1))
    #expect(throws: AnnotationError.self) { try CostCalibration(actions: one) }
    let typesOnly = Array(Self.scripted().prefix(40))
    let calibration = try CostCalibration(actions: typesOnly)
    #expect(calibration.estimates.keys.sorted() == ["type"])
    #expect(calibration.costModel().confirmSeconds == AnnotationCostModel.standard.confirmSeconds)
    #expect(calibration.yaml(source: "x").contains("unfitted: [confirm, correct_look, cluster_base"))
  }
}
