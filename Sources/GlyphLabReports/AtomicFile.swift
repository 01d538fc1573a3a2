import Foundation
import GlyphLabFiles

/// Writes files so readers never see a partial one: the bytes go to a temporary file beside
/// the destination's real file, which is then renamed over it (``AtomicReplacement``; a link
/// at the destination is kept).
public enum AtomicFile {
  /// Writes `text` as UTF-8 to `url`, creating its directory if needed.
  ///
  /// - Throws: `FileWriteError` naming the file if the directory, the temporary file or the
  ///   rename fails; the destination is then left as it was.
  public static func write(_ text: String, to url: URL) throws {
    try write(Data(text.utf8), to: url)
  }

  /// Writes `data` to `url` the same way.
  public static func write(_ data: Data, to url: URL) throws {
    try AtomicReplacement.write(data, to: url.path)
  }
}
