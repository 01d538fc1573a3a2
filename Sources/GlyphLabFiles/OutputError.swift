import Foundation

/// The conflicts that stop a command before it starts; nothing has been read or written.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
  /// Every conflict found, in the order of the command's outputs.
  public let conflicts: [OutputConflict]

  /// An error for `conflicts` (not empty).
  public init(_ conflicts: [OutputConflict]) { self.conflicts = conflicts }

  /// One line per conflict.
  public var description: String { conflicts.map(\.description).joined(separator: "\n") }

  /// The same lines, for `localizedDescription`.
  public var errorDescription: String? { description }
}
