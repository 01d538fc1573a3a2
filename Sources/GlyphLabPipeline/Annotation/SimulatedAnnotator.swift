import GlyphLabCore

/// A person simulated with the dataset's ground truth: every answer is the true label, and
/// every action is charged by the ``AnnotationCostModel``. Comparing strategies on the same
/// annotator puts them on the same budget.
public struct SimulatedAnnotator: Sendable, Annotator {
  /// The true class of every glyph.
  public let truth: [Int32]
  /// The unit costs.
  public let costs: AnnotationCostModel
  /// Everything done through ``type(_:)``, ``review(_:suggestion:)`` and
  /// ``verifyCluster(_:suggestion:)`` so far (the loop keeps its own ledger of ``answer(_:)``).
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

  /// The answer the ground truth gives: the true label of one glyph; for a grid, the
  /// majority true label (ties to the smaller label), with the other members marked.
  public func answer(to query: AnnotationQuery) -> AnnotationAnswer {
    guard query.kind == .grid else { return AnnotationAnswer(label: truth[query.glyph]) }
    guard !query.members.isEmpty else { return AnnotationAnswer(label: -1) }
    var votes: [Int32: Int] = [:]
    for g in query.members { votes[truth[g], default: 0] += 1 }
    var label = truth[query.members[0]]
    var best = 0
    for (candidate, count) in votes where count > best || (count == best && candidate < label) {
      label = candidate
      best = count
    }
    return AnnotationAnswer(label: label, rejected: query.members.filter { truth[$0] != label })
  }

  /// The exact price of the true answer.
  public func expectedCost(of query: AnnotationQuery, costs: AnnotationCostModel) -> Double {
    guard !query.members.isEmpty else { return 0 }
    return AnnotationLedger.price(answer(to: query), for: query, costs: costs)
  }

  /// Answers with the ground truth.
  public mutating func answer(_ query: AnnotationQuery) -> AnnotationAnswer { answer(to: query) }

  /// Types the label of `glyph`.
  @discardableResult
  public mutating func type(_ glyph: Int) -> Int32 {
    let query = AnnotationQuery(kind: .type, glyph: glyph, members: [glyph], suggestion: nil, candidates: [], round: 0)
    ledger.charge(answer(to: query), for: query, costs: costs)
    return truth[glyph]
  }

  /// Reviews a machine suggestion for `glyph`: confirms it if right, corrects it if wrong.
  @discardableResult
  public mutating func review(_ glyph: Int, suggestion: Int32) -> Int32 {
    let query = AnnotationQuery(
      kind: .review, glyph: glyph, members: [glyph], suggestion: suggestion, candidates: [], round: 0)
    ledger.charge(answer(to: query), for: query, costs: costs)
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
    guard let first = members.first else { return (-1, [], []) }
    let query = AnnotationQuery(
      kind: .grid, glyph: first, members: members, suggestion: suggestion, candidates: [], round: 0)
    let answer = answer(to: query)
    let accepted = ledger.charge(answer, for: query, costs: costs)
    return (answer.label, accepted, answer.rejected)
  }

  /// What `verifyCluster` would cost, without doing it (for budget checks).
  public func verifyClusterCost(_ members: [Int], suggestion: Int32?) -> Double {
    guard let first = members.first else { return 0 }
    return expectedCost(
      of: AnnotationQuery(
        kind: .grid, glyph: first, members: members, suggestion: suggestion, candidates: [], round: 0),
      costs: costs)
  }
}
