/// A problem with a run log: another writer holds it, it belongs to another spec, it is
/// not a run log, ….
public struct RunLogError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The log file.
  public var path: String
  /// What is wrong, and what to do.
  public var message: String

  /// An error about the log at `path`.
  public init(path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}
