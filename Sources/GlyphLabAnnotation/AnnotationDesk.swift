import Foundation
import GlyphLabPipeline

/// Where the pipeline and the web server meet: the pipeline's thread puts a query on the desk
/// and waits (``ask(_:)``); the server's handlers read the state and hand answers in
/// (``submit(_:)``), validating each against the query that waits. Every answer is kept, with
/// its timing, as a ``TimedAction``.
///
/// Thread-safe: one lock guards everything; only the pipeline thread ever waits, and the
/// server's handlers never block on it.
public final class AnnotationDesk: @unchecked Sendable {
  /// The dataset's class names, by class index.
  public let classNames: [String]
  /// The glyphs in the run (valid ids are 0..<glyphs).
  public let glyphs: Int
  /// The cost model the ledger charges.
  public let costs: AnnotationCostModel
  /// Whether the glyphs' pages can be shown (see ``PageImageStore``).
  public let pages: Bool
  /// The budget in modelled seconds, if any (known once the run has counted its glyphs).
  public var budgetSeconds: Double? {
    condition.lock()
    defer { condition.unlock() }
    return budget
  }

  private let classIndex: [String: Int32]
  private let condition = NSCondition()
  /// Wakes the requests waiting for the desk to change (long polls, an answer's wait).
  let signal = DeskSignal()
  private var phase = SessionState.Phase.working
  private var message = ""
  private var pending: (id: Int, query: AnnotationQuery, servedAt: Double?)?
  private var delivered: TimedAction?
  private var interruption: DeskInterruption?
  private var nextID: Int
  private var lastAnswered = 0
  private var log: [TimedAction]
  private var rounds = 0
  private var estimatedAccuracy: Double?
  private var budget: Double?

  /// A desk for a run over `glyphs` glyphs with `classNames`, charging `costs`, holding the
  /// `earlier` actions of a resumed session; `pages` says whether the glyphs' pages can be shown.
  public init(
    classNames: [String], glyphs: Int, costs: AnnotationCostModel, budgetSeconds: Double?,
    earlier: [TimedAction] = [], pages: Bool = false
  ) {
    self.classNames = classNames
    self.pages = pages
    self.glyphs = glyphs
    self.costs = costs
    budget = budgetSeconds
    var index: [String: Int32] = [:]
    for (i, name) in classNames.enumerated() where index[name] == nil { index[name] = Int32(i) }
    classIndex = index
    log = earlier
    nextID = (earlier.map(\.queryID).max() ?? 0) + 1
    lastAnswered = nextID - 1
  }

  // MARK: - The pipeline's side

  /// Shows `query` and waits for the person's answer; throws ``DeskInterruption`` when the
  /// person undoes or the session stops.
  func ask(_ query: AnnotationQuery) throws -> TimedAction {
    condition.lock()
    defer { condition.unlock() }
    if let interruption { throw interruption }
    pending = (nextID, query, nil)
    nextID += 1
    delivered = nil
    phase = .query
    condition.broadcast()
    signal.changed()
    while delivered == nil && interruption == nil { condition.wait() }
    pending = nil
    if let interruption {
      if phase == .query { phase = .working }
      throw interruption
    }
    phase = .working
    signal.changed()
    guard let answer = delivered else { throw DeskInterruption.stop }
    delivered = nil
    return answer
  }

  /// The answers not undone, in order: what a restarted run replays.
  func activeActions() -> [TimedAction] {
    condition.lock()
    defer { condition.unlock() }
    return log.filter { !$0.undone }
  }

  /// Every answer, undone ones included: the log's table.
  public func allActions() -> [TimedAction] {
    condition.lock()
    defer { condition.unlock() }
    return log
  }

  /// Clears an undo once the run has restarted.
  func restarted() {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    if interruption == .undo { interruption = nil }
    if phase != .stopped { phase = .working }
  }

  /// Sets the budget, once the run knows it.
  func setBudget(_ seconds: Double?) {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    budget = seconds
  }

  /// Records the end of a round.
  func roundEnded(rounds: Int, estimatedAccuracy: Double?) {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    self.rounds = rounds
    self.estimatedAccuracy = estimatedAccuracy
  }

  /// The run ended (`phase` finished or stopped) with `message`.
  func end(_ phase: SessionState.Phase, message: String) {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    self.phase = phase
    self.message = message
    pending = nil
    condition.broadcast()
  }

  // MARK: - The server's side

  /// Stops the session: a waiting pipeline thread unwinds; later answers are refused.
  public func stop(_ message: String = "the server is stopping") {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    interruption = .stop
    if phase != .finished {
      phase = .stopped
      self.message = message
    }
    condition.broadcast()
  }

  /// The state the page shows; marks the waiting query as shown the first time it is handed out.
  public func state() -> SessionState {
    condition.lock()
    defer { condition.unlock() }
    var query: SessionState.Query?
    // An answer handed in but not yet taken by the pipeline's thread, or an undo not yet
    // acted on: the query shown is done, and the page waits for the next.
    let shownPhase = phase == .query && (delivered != nil || interruption != nil) ? .working : phase
    if shownPhase == .query, let waiting = pending {
      if waiting.servedAt == nil { pending?.servedAt = Date().timeIntervalSince1970 }
      let q = waiting.query
      query = SessionState.Query(
        id: waiting.id, kind: q.kind.rawValue, round: q.round, glyphs: q.members,
        suggestion: q.suggestion.map(choice), candidates: q.candidates.map(choice))
    }
    let active = log.filter { !$0.undone }
    var settled = Set<Int>()
    for action in active {
      let rejected = Set(action.rejected)
      if action.label >= 0 { for g in action.members where !rejected.contains(g) { settled.insert(g) } }
    }
    let used = active.reduce(0) { $0 + $1.modelledSeconds }
    let progress = SessionState.Progress(
      labels: settled.count, budgetUsed: used, budgetLeft: budget.map { max(0, $0 - used) },
      estimatedAccuracy: estimatedAccuracy, rounds: rounds, actions: active.count, glyphs: glyphs)
    return SessionState(
      phase: shownPhase, query: query, progress: progress, canUndo: shownPhase == .query && !active.isEmpty,
      message: message, pages: pages)
  }

  /// The number of the query waiting, or of the last one handed out: the page's long poll
  /// waits for it to change.
  public var currentQueryID: Int {
    condition.lock()
    defer { condition.unlock() }
    return pending?.id ?? (nextID - 1)
  }

  /// Whether the session is past `queryID`: a newer query waits, or the run ended.
  public func hasMoved(past queryID: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    if phase == .finished || phase == .stopped { return true }
    guard phase == .query, let waiting = pending else { return false }
    return waiting.id > queryID
  }

  /// Validates `submitted` against the waiting query and hands the answer to the pipeline.
  /// Throws a ``DeskError``: 409 when no query waits, it was answered already (a replay or
  /// another tab) or the action does not fit the query; 404 for an unknown query; 400 for an
  /// unknown class, a glyph that is not in the grid, or impossible timing.
  @discardableResult
  public func submit(_ submitted: SubmittedAnswer) throws(DeskError) -> TimedAction {
    let received = Date().timeIntervalSince1970
    condition.lock()
    defer { condition.unlock() }
    guard phase == .query, let waiting = pending, delivered == nil else {
      if submitted.query <= lastAnswered {
        throw .conflict("query \(submitted.query) was answered already (a replay, or another tab)")
      }
      throw .conflict("no query is waiting (the session is \(phase.rawValue)); fetch the state again")
    }
    guard submitted.query == waiting.id else {
      if submitted.query < waiting.id {
        throw .conflict(
          "query \(submitted.query) was answered already (a replay, or another tab); query \(waiting.id) waits")
      }
      throw .notFound("unknown query \(submitted.query); query \(waiting.id) waits")
    }
    let query = waiting.query
    let timing = submitted.timing
    let seconds = (timing.submitted - timing.shown) / 1000
    let first = (timing.firstInput - timing.shown) / 1000
    guard [timing.shown, timing.firstInput, timing.submitted].allSatisfy(\.isFinite), first >= 0, seconds >= first,
      seconds <= 86_400
    else {
      throw .badRequest(
        "timing must have shown ≤ first_input ≤ submitted (milliseconds, under a day apart); got \(timing.shown), "
          + "\(timing.firstInput), \(timing.submitted)")
    }
    let label = try label(submitted.label)
    let rejected = submitted.rejected ?? []
    var answer: AnnotationAnswer
    let action: AnnotationAction
    switch (query.kind, submitted.action) {
    case (.type, .type):
      guard let label else { throw .badRequest("type needs a label") }
      answer = AnnotationAnswer(label: label)
      action = .type
    case (.review, .confirm):
      guard let suggestion = query.suggestion else { throw .conflict("query \(waiting.id) has no suggestion") }
      if let label, label != suggestion {
        throw .badRequest("confirm accepts the suggestion '\(name(suggestion))'; to give '\(name(label))', correct")
      }
      answer = AnnotationAnswer(label: suggestion)
      action = .confirm
    case (.review, .correct):
      guard let label else { throw .badRequest("correct needs a label") }
      guard label != query.suggestion else {
        throw .badRequest("'\(name(label))' is the suggestion; to accept it, confirm")
      }
      answer = AnnotationAnswer(label: label)
      action = .correct
    case (.grid, .grid):
      let members = Set(query.members)
      if let stray = rejected.first(where: { !members.contains($0) }) {
        throw .badRequest("glyph \(stray) is not in the grid of query \(waiting.id)")
      }
      guard Set(rejected).count == rejected.count else { throw .badRequest("rejected lists a glyph twice") }
      if rejected.count == query.members.count {
        answer = AnnotationAnswer(label: label ?? -1, rejected: rejected)
      } else {
        guard let given = label ?? query.suggestion else {
          throw .badRequest("the grid has no suggestion: give the label of the members that belong")
        }
        answer = AnnotationAnswer(label: given, rejected: rejected)
      }
      action = .verifyCluster
    default:
      throw .conflict(
        "action \(submitted.action.rawValue) does not answer a \(query.kind.rawValue) query (query \(waiting.id))")
    }
    if !rejected.isEmpty && query.kind != .grid { throw .badRequest("only grid members can be rejected") }
    if query.kind == .grid, rejected.count == query.members.count { answer.label = -1 }
    let timed = TimedAction(
      queryID: waiting.id, round: query.round, kind: query.kind, action: action, members: query.members,
      suggestion: query.suggestion ?? -1, label: answer.label, rejected: rejected,
      modelledSeconds: AnnotationLedger.price(answer, for: query, costs: costs), seconds: seconds,
      firstInputSeconds: first, serverSeconds: max(0, received - (waiting.servedAt ?? received)),
      shownAt: waiting.servedAt ?? received)
    log.append(timed)
    delivered = timed
    lastAnswered = waiting.id
    condition.broadcast()
    signal.changed()
    return timed
  }

  /// Undoes the last answer not undone, while query `queryID` waits: the run restarts and
  /// replays the others. Throws 409 when nothing can be undone or `queryID` does not wait.
  public func undo(queryID: Int) throws(DeskError) {
    defer { signal.changed() }
    condition.lock()
    defer { condition.unlock() }
    guard phase == .query, let waiting = pending, delivered == nil else {
      throw .conflict("nothing to undo now (the session is \(phase.rawValue))")
    }
    guard waiting.id == queryID else {
      throw .conflict("undo must name the waiting query \(waiting.id), not \(queryID) (another tab acted first)")
    }
    guard let last = log.lastIndex(where: { !$0.undone }) else { throw .conflict("no answer to undo") }
    log[last].undone = true
    interruption = .undo
    condition.broadcast()
  }

  func choice(_ label: Int32) -> SessionState.Choice { SessionState.Choice(index: label, name: name(label)) }

  func name(_ label: Int32) -> String {
    label >= 0 && Int(label) < classNames.count ? classNames[Int(label)] : "#\(label)"
  }

  func label(_ text: String?) throws(DeskError) -> Int32? {
    guard let text else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return nil }
    guard let index = classIndex[trimmed] else {
      throw .badRequest("unknown class '\(trimmed)': give one of the dataset's \(classNames.count) class names")
    }
    return index
  }
}
