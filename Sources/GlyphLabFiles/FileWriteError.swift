import Foundation

/// A file could not be written; the message names it. Whatever was there is unchanged.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
  /// The path as given.
  public let path: String
  /// What went wrong.
  public let reason: String

  /// An error for `path`.
  public init(path: String, _ reason: String) {
    self.path = path
    self.reason = reason
  }

  /// "PATH: REASON".
  public var description: String { "\(path): \(reason)" }

  /// The same, for `localizedDescription`.
  public var errorDescription: String? { description }
}
