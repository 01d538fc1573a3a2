import GlyphLabPipeline

/// One answer a person gave, with its timing: what the run log's `annotations` group holds a
/// row of, what `--resume` and undo replay, and what `glyphlab calibrate` fits.
public struct TimedAction: Sendable, Equatable {
  /// The query's number in the session (from 1; queries replayed after an undo get new numbers).
  public var queryID: Int
  /// The pipeline round it belongs to.
  public var round: Int
  /// How the glyphs were shown.
  public var kind: AnnotationQuery.Kind
  /// The action it counts as: type, confirm, correct or verify-cluster.
  public var action: AnnotationAction
  /// The glyphs shown (the chosen glyph first).
  public var members: [Int]
  /// The machine's suggestion shown, or −1.
  public var suggestion: Int32
  /// The label given (−1 when a grid was marked whole).
  public var label: Int32
  /// The grid members marked as not belonging.
  public var rejected: [Int]
  /// The modelled seconds the ledger charged for it.
  public var modelledSeconds: Double
  /// Seconds from showing the query to submitting it, measured in the page.
  public var seconds: Double
  /// Seconds from showing the query to the first key or click, measured in the page.
  public var firstInputSeconds: Double
  /// Seconds from the server first handing the query out to receiving the answer.
  public var serverSeconds: Double
  /// When the server first handed the query out (seconds since 1970, UTC).
  public var shownAt: Double
  /// Whether the person undid it (undone actions stay in the log for their time, and are
  /// not replayed).
  public var undone: Bool

  /// An action record.
  public init(
    queryID: Int, round: Int, kind: AnnotationQuery.Kind, action: AnnotationAction, members: [Int],
    suggestion: Int32, label: Int32, rejected: [Int], modelledSeconds: Double, seconds: Double,
    firstInputSeconds: Double, serverSeconds: Double, shownAt: Double, undone: Bool = false
  ) {
    self.queryID = queryID
    self.round = round
    self.kind = kind
    self.action = action
    self.members = members
    self.suggestion = suggestion
    self.label = label
    self.rejected = rejected
    self.modelledSeconds = modelledSeconds
    self.seconds = seconds
    self.firstInputSeconds = firstInputSeconds
    self.serverSeconds = serverSeconds
    self.shownAt = shownAt
    self.undone = undone
  }

  /// The answer it gave.
  public var answer: AnnotationAnswer { AnnotationAnswer(label: label, rejected: rejected) }

  /// Whether it answers `query` (the same glyphs shown the same way).
  public func answers(_ query: AnnotationQuery) -> Bool {
    kind == query.kind && members == query.members && suggestion == (query.suggestion ?? -1)
  }
}
