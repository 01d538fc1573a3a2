import Foundation
import GlyphLabCore

/// Where and with what a log was written: the git commit and whether the tree was dirty,
/// GlyphLab's version, the BLAS core and threads, the host and the time.
public struct Provenance: Sendable, Equatable, Codable {
  /// `git rev-parse HEAD` in the working directory, or "unknown".
  public var gitCommit: String
  /// 1 if tracked files had uncommitted changes, 0 if not, −1 if unknown.
  public var gitDirty: Int
  /// GlyphLab's version.
  public var glyphlabVersion: String
  /// OpenBLAS's active core.
  public var blasCore: String
  /// BLAS threads per run.
  public var blasThreads: Int
  /// The host name.
  public var host: String

  /// Collects the provenance of this process, with `blasThreads` per run.
  public static func collect(blasThreads: Int, directory: String? = nil) -> Provenance {
    let commit = git(["rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines)
    let status = commit == nil ? nil : git(["status", "--porcelain", "--untracked-files=no"], in: directory)
    return Provenance(
      gitCommit: commit ?? "unknown", gitDirty: status.map { $0.isEmpty ? 0 : 1 } ?? -1,
      glyphlabVersion: GlyphLabVersion.current, blasCore: BLAS.activeCoreName, blasThreads: blasThreads,
      host: ProcessInfo.processInfo.hostName)
  }

  /// The current time as ISO 8601 UTC with milliseconds, e.g. "2025-01-31T12:00:00.123Z".
  public static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date())
  }

  /// Runs git quietly; `nil` if it is missing or fails (e.g. not a repository).
  private static func git(_ arguments: [String], in directory: String?) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + (directory.map { ["-C", $0] } ?? []) + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
