import Foundation

/// One session that wrote a run log — its creation, a `--resume`, or a merge — kept in the
/// root attribute `sessions` (a JSON array), so a log says how every part of it was made.
public struct SessionRecord: Sendable, Equatable, Codable {
  /// "run", "resume" or "merge".
  public var action: String
  /// The command line.
  public var command: String
  /// Provenance of the session.
  public var provenance: Provenance
  /// Worker threads (runs at once).
  public var jobs: Int
  /// When it started (ISO 8601 UTC).
  public var startedAt: String
  /// When it ended ("" if it did not end cleanly).
  public var finishedAt: String
  /// Runs it completed (or merged).
  public var runs: Int

  /// A record.
  public init(
    action: String, command: String, provenance: Provenance, jobs: Int, startedAt: String, finishedAt: String,
    runs: Int
  ) {
    self.action = action
    self.command = command
    self.provenance = provenance
    self.jobs = jobs
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.runs = runs
  }

  /// Decodes a `sessions` attribute ("" or invalid JSON gives []); snake_case keys, and the
  /// camelCase keys of logs written before them, both read.
  public static func decode(_ text: String) -> [SessionRecord] {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return (try? decoder.decode([SessionRecord].self, from: Data(text.utf8))) ?? []
  }

  /// Encodes sessions as a JSON array with sorted snake_case keys and no `\/` escapes.
  public static func encode(_ sessions: [SessionRecord]) -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(sessions)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }
}
