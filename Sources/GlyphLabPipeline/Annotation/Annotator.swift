/// Who answers the loop's queries: the ``SimulatedAnnotator`` (the dataset's ground truth),
/// or a person at a browser (`glyphlab annotate`). The loop itself charges every answer to
/// the ledger with the run's ``AnnotationCostModel``, so both are priced the same way.
///
/// The loop calls an annotator from the thread that runs it; an annotator may block there
/// until a person answers.
public protocol Annotator {
  /// The modelled seconds `query` will cost, for the budget check before it is asked. The
  /// simulated annotator knows the answer and so the exact price; a person's answer is not
  /// known in advance, so a live annotator gives the cheapest outcome (accepting), and a
  /// run may then overrun its budget by at most one action's extra price.
  func expectedCost(of query: AnnotationQuery, costs: AnnotationCostModel) -> Double

  /// Answers `query`. Throws to stop the run (for example when the session is stopped).
  mutating func answer(_ query: AnnotationQuery) throws -> AnnotationAnswer

  /// Sees each round as it ends, with the model's own estimate of its accuracy on the
  /// glyphs nobody settled (the mean probability of its top class; nil without a model).
  mutating func roundEnded(_ round: PipelineRound, estimatedAccuracy: Double?) throws
}

extension Annotator {
  /// Nothing to do by default.
  public mutating func roundEnded(_ round: PipelineRound, estimatedAccuracy: Double?) throws {}
}
