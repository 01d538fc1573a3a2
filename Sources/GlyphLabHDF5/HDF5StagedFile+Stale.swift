import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension HDF5StagedFile {
  /// How long a temporary file must have been left untouched before it counts as stale (so a
  /// slow writer on another host of a shared file system, whose process id means nothing
  /// here, is never disturbed).
  public static let staleAge: TimeInterval = 600

  /// Removes the temporary files (`.NAME.tmp-PID-XXXXXXXX`) in `directory` that a dead
  /// process left, e.g. after a `kill -9` during `datasets import`: those whose PID is not
  /// a live process here and that were last modified more than ``staleAge`` ago. Returns
  /// the names removed. Errors are ignored: this is housekeeping before a write.
  @discardableResult
  public static func removeStaleTemporaryFiles(in directory: String, now: Date = Date()) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    var removed: [String] = []
    for name in names {
      guard let pid = processID(inTemporaryName: name), pid != getpid(), !isAlive(pid) else { continue }
      let path = (directory as NSString).appendingPathComponent(name)
      guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
        now.timeIntervalSince(modified) > staleAge
      else { continue }
      if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
    }
    return removed
  }

  /// The PID in a name of the form ".NAME.tmp-PID-XXXXXXXX" (8 hex digits), or nil.
  static func processID(inTemporaryName name: String) -> pid_t? {
    guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
    let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 8, parts[1].allSatisfy(\.isHexDigit),
      let pid = pid_t(parts[0]), pid > 0
    else { return nil }
    return pid
  }

  /// Whether process `pid` exists (signal 0 probes without sending anything).
  static func isAlive(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
