import Foundation
import GlyphLabRunLog

extension ExperimentSpec {
  /// The overrides a `--resume` of the log at `logPath` should use: those the log recorded when
  /// the command line gives none, else the command line's, with a warning when they differ
  /// from the log's (a different resolved spec is then refused by the spec-hash check).
  ///
  /// - Returns: the overrides, and the warning to print (nil when there is nothing to say).
  public static func resumeOverrides(logPath: String, given: [String]) throws -> (overrides: [String], warning: String?)
  {
    guard FileManager.default.fileExists(atPath: logPath) else { return (given, nil) }
    let reader = try RunLogReader(path: logPath)
    let recorded = reader.header.overrides.split(separator: "\n").map(String.init)
    try reader.close()
    if given.isEmpty { return (recorded, nil) }
    if given == recorded { return (given, nil) }
    let shown = recorded.isEmpty ? "none" : recorded.joined(separator: " ")
    return (
      given,
      "the command line's overrides (\(given.joined(separator: " "))) differ from the log's (\(shown)); "
        + "using the command line's. Give none to resume with the log's."
    )
  }
}
