/// The body of `POST /api/answer`: which query it answers, the action, and the page's timing.
public struct SubmittedAnswer: Sendable, Codable, Equatable {
  /// How a person answered.
  public enum Action: String, Sendable, Codable {
    /// Typed the label of one glyph (`label` required).
    case type
    /// Accepted the suggestion (no `label`, or the suggestion's).
    case confirm
    /// Replaced the suggestion (`label` required, not the suggestion).
    case correct
    /// Verified a grid: `rejected` marked, `label` for the rest (the suggestion when left out).
    case grid
  }

  /// The page's clock readings (milliseconds, any origin): when the query was shown, the first
  /// key or click, and the submission.
  public struct Timing: Sendable, Codable, Equatable {
    public var shown: Double
    public var firstInput: Double
    public var submitted: Double

    public init(shown: Double, firstInput: Double, submitted: Double) {
      self.shown = shown
      self.firstInput = firstInput
      self.submitted = submitted
    }

    enum CodingKeys: String, CodingKey {
      case shown
      case firstInput = "first_input"
      case submitted
    }
  }

  /// The query's number, from the state the page shows.
  public var query: Int
  /// The action.
  public var action: Action
  /// The class name given, if any.
  public var label: String?
  /// Grid members marked as not belonging.
  public var rejected: [Int]?
  /// The page's timing.
  public var timing: Timing

  public init(query: Int, action: Action, label: String? = nil, rejected: [Int]? = nil, timing: Timing) {
    self.query = query
    self.action = action
    self.label = label
    self.rejected = rejected
    self.timing = timing
  }
}
