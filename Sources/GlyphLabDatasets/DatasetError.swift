/// A dataset problem, naming the file and what is wrong with it.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file (or directory) at fault.
  public var path: String
  /// What is wrong, e.g. "/labels has 9 rows, /images has 10".
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}
