import GlyphLabPipeline

/// A person at a browser as the pipeline's ``GlyphLabPipeline/Annotator``: first replays the
/// session's earlier answers (after `--resume` or an undo), checking that each answers the
/// query the loop asks again, then puts every query on the ``AnnotationDesk`` and waits.
struct HumanAnnotator: Annotator {
  let desk: AnnotationDesk
  let replay: [TimedAction]
  /// Called once the replay is done, before the first live query (the session commits then).
  let onLive: () throws -> Void
  /// Called after each round (the session commits the log).
  let onRound: (PipelineRound) throws -> Void
  /// Called with each live query before it is shown (the session encodes its images then, so
  /// the page's requests for them find them ready).
  let prepare: (AnnotationQuery) -> Void
  private var replayed = 0
  private var live = false

  init(
    desk: AnnotationDesk, replay: [TimedAction], onLive: @escaping () throws -> Void,
    onRound: @escaping (PipelineRound) throws -> Void, prepare: @escaping (AnnotationQuery) -> Void = { _ in }
  ) {
    self.prepare = prepare
    self.desk = desk
    self.replay = replay
    self.onLive = onLive
    self.onRound = onRound
  }

  /// A person's answer is not known in advance: the cheapest outcome (accepting the
  /// suggestion, or a grid whole), so the budget stops only when nothing more fits.
  func expectedCost(of query: AnnotationQuery, costs: AnnotationCostModel) -> Double {
    let answer = AnnotationAnswer(label: query.suggestion ?? 0)
    return AnnotationLedger.price(answer, for: query, costs: costs)
  }

  mutating func answer(_ query: AnnotationQuery) throws -> AnnotationAnswer {
    if replayed < replay.count {
      let action = replay[replayed]
      guard action.answers(query) else {
        throw AnnotationError(
          "the session's answer \(replayed + 1) (query \(action.queryID), glyphs \(action.members.prefix(8))) does "
            + "not answer the query the pipeline asks now (glyphs \(query.members.prefix(8))): the spec, its data or "
            + "GlyphLab changed since it was given; start a new session")
      }
      replayed += 1
      return action.answer
    }
    if !live {
      live = true
      try onLive()
    }
    prepare(query)
    return try desk.ask(query).answer
  }

  mutating func roundEnded(_ round: PipelineRound, estimatedAccuracy: Double?) throws {
    desk.roundEnded(rounds: round.index + 1, estimatedAccuracy: estimatedAccuracy)
    if replayed >= replay.count { try onRound(round) }
  }
}
