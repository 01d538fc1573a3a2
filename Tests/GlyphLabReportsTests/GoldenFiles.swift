import Foundation
import GlyphLabReports

/// The golden files beside this source file, and the switch that rewrites them.
enum GoldenFiles {
  /// `Tests/GlyphLabReportsTests/Golden`.
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  /// Set `GLYPHLAB_UPDATE_GOLDEN=1` to rewrite the golden files from the current output
  /// (then review the diff before committing).
  static var updating: Bool { ProcessInfo.processInfo.environment["GLYPHLAB_UPDATE_GOLDEN"] == "1" }

  /// The golden file `name` as text, or nil if it does not exist.
  static func text(_ name: String) -> String? {
    (try? Data(contentsOf: directory.appendingPathComponent(name))).map { String(decoding: $0, as: UTF8.self) }
  }
}
