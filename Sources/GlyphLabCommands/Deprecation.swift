import ArgumentParser
import Foundation

/// Old option spellings, kept for a release: each use prints a note on standard error.
enum Deprecation {
  /// Prints "warning: OLD is deprecated; use NEW …".
  static func note(_ old: String, use new: String) {
    FileHandle.standardError.write(
      Data("warning: \(old) is deprecated and will be removed in a later release; use \(new)\n".utf8))
  }

  /// The value of an option given as `new`, or else as its deprecated spelling `old` (with a
  /// note); giving both is an error.
  static func value(
    _ value: String?, named new: String, deprecated old: String?, named oldName: String
  ) throws
    -> String?
  {
    guard let old else { return value }
    if value != nil { throw ValidationError("give \(new) only (\(oldName) is its deprecated spelling)") }
    note(oldName, use: new)
    return old
  }
}
