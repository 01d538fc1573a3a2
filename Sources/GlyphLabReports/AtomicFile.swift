import Foundation

/// Writes files so readers never see a partial one: the bytes go to a temporary file beside
/// the destination, which is then renamed over it.
public enum AtomicFile {
  /// Writes `text` as UTF-8 to `url`, creating its directory if needed.
  ///
  /// - Throws: `CocoaError` or `POSIXError` if the directory, the temporary file or the
  ///   rename fails; the destination is then left as it was.
  public static func write(_ text: String, to url: URL) throws {
    try write(Data(text.utf8), to: url)
  }

  /// Writes `data` to `url` the same way.
  public static func write(_ data: Data, to url: URL) throws {
    let directory = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    do {
      try data.write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}
