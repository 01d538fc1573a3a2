/// What `GET /api/state` returns: the session's phase, the query waiting (if any), progress.
public struct SessionState: Sendable, Codable, Equatable {
  /// Where the session is.
  public enum Phase: String, Sendable, Codable {
    /// Features, clustering or the model are being computed; a query follows.
    case working
    /// A query waits for the person.
    case query
    /// The run ended (budget, target or no change); the log is complete.
    case finished
    /// The run stopped on an error, or the server is stopping.
    case stopped
  }

  /// A class the page can offer.
  public struct Choice: Sendable, Codable, Equatable {
    public var index: Int32
    public var name: String
  }

  /// The query as the page shows it.
  public struct Query: Sendable, Codable, Equatable {
    public var id: Int
    public var kind: String
    public var round: Int
    /// The glyphs to show (their ids are the image URLs `/glyph/ID.png`).
    public var glyphs: [Int]
    public var suggestion: Choice?
    public var candidates: [Choice]
  }

  /// Effort and the model.
  public struct Progress: Sendable, Codable, Equatable {
    /// Glyphs people settled.
    public var labels: Int
    /// Modelled seconds spent.
    public var budgetUsed: Double
    /// Modelled seconds left (nil: no budget).
    public var budgetLeft: Double?
    /// The model's estimate of its accuracy on the unsettled glyphs (mean top probability).
    public var estimatedAccuracy: Double?
    /// Rounds completed.
    public var rounds: Int
    /// Answers given (not undone).
    public var actions: Int
    /// Glyphs in the run.
    public var glyphs: Int

    enum CodingKeys: String, CodingKey {
      case labels
      case budgetUsed = "budget_used"
      case budgetLeft = "budget_left"
      case estimatedAccuracy = "estimated_accuracy"
      case rounds, actions, glyphs
    }
  }

  public var phase: Phase
  public var query: Query?
  public var progress: Progress
  /// Whether the last answer can be undone.
  public var canUndo: Bool
  /// Why the run finished or stopped ("" otherwise).
  public var message: String
  /// Whether each glyph's page can be shown (`/page/ID.png`): the dataset's glyphs are its page boxes.
  public var pages: Bool

  enum CodingKeys: String, CodingKey {
    case phase, query, progress
    case canUndo = "can_undo"
    case message, pages
  }
}
