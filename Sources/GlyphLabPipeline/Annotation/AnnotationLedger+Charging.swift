extension AnnotationLedger {
  /// Charges `answer` to `query` with `costs` and settles the glyphs it labels: the one
  /// place the price of an action is computed. Returns the glyphs settled.
  ///
  /// - type: ``AnnotationCostModel/typeSeconds``;
  /// - review: confirm when the label is the suggestion, else look + type;
  /// - grid: base + per glyph × members, + typing unless the label is the suggestion, and
  ///   mark-wrong per rejected member.
  @discardableResult
  public mutating func charge(
    _ answer: AnnotationAnswer, for query: AnnotationQuery, costs: AnnotationCostModel
  ) -> [Int] {
    switch query.kind {
    case .type:
      record(.type, seconds: costs.typeSeconds)
    case .review:
      if answer.label == query.suggestion {
        record(.confirm, seconds: costs.confirmSeconds)
      } else {
        record(.correct, seconds: costs.correctLookSeconds + costs.typeSeconds)
      }
    case .grid:
      let typing = query.suggestion == answer.label ? 0 : costs.typeSeconds
      record(
        .verifyCluster,
        seconds: costs.clusterBaseSeconds + costs.clusterPerGlyphSeconds * Double(query.members.count) + typing)
      if !answer.rejected.isEmpty {
        record(
          .markWrong, seconds: costs.markWrongSeconds * Double(answer.rejected.count), count: answer.rejected.count)
      }
    }
    let rejected = Set(answer.rejected)
    let accepted = query.kind == .grid ? query.members.filter { !rejected.contains($0) } : [query.glyph]
    for g in accepted { settle(g, label: answer.label) }
    return accepted
  }

  /// What `answer` to `query` costs under `costs`, without recording it.
  public static func price(
    _ answer: AnnotationAnswer, for query: AnnotationQuery, costs: AnnotationCostModel
  ) -> Double {
    var ledger = AnnotationLedger()
    ledger.charge(answer, for: query, costs: costs)
    return ledger.totalSeconds
  }
}
