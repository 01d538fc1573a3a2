import GlyphLabCore

/// A person simulated with the dataset's ground truth: every answer is the true label, and
/// every action is charged by the ``AnnotationCostModel``. Comparing strategies on the same
/// annotator puts them on the same budget.
public struct SimulatedAnnotator: Sendable {
  /// The true class of every glyph.
  public let truth: [Int32]
  /// The unit costs.
  public let costs: AnnotationCostModel
  /// Everything done so far.
  public private(set) var ledger = AnnotationLedger()

  /// An annotator for `truth` (the dataset's labels). Throws if any label is unknown (−1):
  /// a simulated person needs the answer for every glyph.
  public init(truth: [Int32], costs: AnnotationCostModel = .standard) throws {
    if let i = truth.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "SimulatedAnnotator", name: "labels", value: "-1 at glyph \(i)",
        reason: "the dataset has unlabelled glyphs; the simulation needs ground truth for all")
    }
    self.truth = truth
    self.costs = costs
  }

  /// Types the label of `glyph`.
  @discardableResult
  public mutating func type(_ glyph: Int) -> Int32 {
    ledger.record(.type, seconds: costs.typeSeconds)
    ledger.settle(glyph, label: truth[glyph])
    return truth[glyph]
  }

  /// Reviews a machine suggestion for `glyph`: confirms it if right, corrects it if wrong.
  @discardableResult
  public mutating func review(_ glyph: Int, suggestion: Int32) -> Int32 {
    if suggestion == truth[glyph] {
      ledger.record(.confirm, seconds: costs.confirmSeconds)
    } else {
      ledger.record(.correct, seconds: costs.correctLookSeconds + costs.typeSeconds)
    }
    ledger.settle(glyph, label: truth[glyph])
    return truth[glyph]
  }

  /// Verifies a cluster shown as a grid. The person accepts the majority true label (typing
  /// it unless `suggestion` is that label) for the members that have it, and marks the rest,
  /// which go back to the pool. Ties for the majority go to the smaller label.
  ///
  /// - Returns: the accepted label, the accepted glyphs and the marked (rejected) glyphs.
  public mutating func verifyCluster(
    _ members: [Int], suggestion: Int32? = nil
  ) -> (
    label: Int32, accepted: [Int], rejected: [Int]
  ) {
    guard !members.isEmpty else { return (-1, [], []) }
    var votes: [Int32: Int] = [:]
    for g in members { votes[truth[g], default: 0] += 1 }
    let label = votes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
    let accepted = members.filter { truth[$0] == label }
    let rejected = members.filter { truth[$0] != label }
    let typing = suggestion == label ? 0 : costs.typeSeconds
    ledger.record(
      .verifyCluster,
      seconds: costs.clusterBaseSeconds + costs.clusterPerGlyphSeconds * Double(members.count) + typing)
    if !rejected.isEmpty {
      ledger.record(.markWrong, seconds: costs.markWrongSeconds * Double(rejected.count), count: rejected.count)
    }
    for g in accepted { ledger.settle(g, label: label) }
    return (label, accepted, rejected)
  }

  /// What `verifyCluster` would cost, without doing it (for budget checks).
  public func verifyClusterCost(_ members: [Int], suggestion: Int32?) -> Double {
    guard !members.isEmpty else { return 0 }
    var votes: [Int32: Int] = [:]
    for g in members { votes[truth[g], default: 0] += 1 }
    let label = votes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
    let wrong = members.count { truth[$0] != label }
    return costs.clusterBaseSeconds + costs.clusterPerGlyphSeconds * Double(members.count)
      + (suggestion == label ? 0 : costs.typeSeconds) + costs.markWrongSeconds * Double(wrong)
  }
}
