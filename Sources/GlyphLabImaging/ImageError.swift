/// An image or font failure, naming the file.
public struct ImageError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file involved ("" for in-memory data).
  public var path: String
  /// What went wrong.
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
