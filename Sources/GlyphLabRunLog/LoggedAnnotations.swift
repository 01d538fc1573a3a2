/// The answers of a person's session as a run's `annotations` table records them (kind
/// `annotation` logs, see docs/run-log.md): each answer's action, measured seconds and
/// whether it was undone, one row per answer, undone ones included.
public struct LoggedAnnotations: Sendable, Equatable {
  /// Each answer's action (`type`, `confirm`, `correct`, `verify-cluster`).
  public var actions: [String]
  /// Each answer's measured seconds, showing to submitting.
  public var seconds: [Double]
  /// Whether each answer was undone.
  public var undone: [Bool]

  /// A table; the three columns must have one value per answer (the reader checks).
  public init(actions: [String], seconds: [Double], undone: [Bool]) {
    self.actions = actions
    self.seconds = seconds
    self.undone = undone
  }

  /// The measured seconds of the answers not undone, by action.
  ///
  /// - Complexity: O(answers).
  public var measuredSeconds: [String: [Double]] {
    var result: [String: [Double]] = [:]
    for i in actions.indices where !undone[i] { result[actions[i], default: []].append(seconds[i]) }
    return result
  }
}
