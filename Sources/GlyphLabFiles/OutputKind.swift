/// The kind of file a command writes, to tell an earlier version of its own output (which
/// `--overwrite` may replace) from a file of another kind (which it never replaces without
/// `--replace-other-kind`).
public enum OutputKind: Sendable, Equatable, CustomStringConvertible {
  /// An HDF5 file whose root `format` attribute is `format`, e.g. "glyphlab-run-log".
  case hdf5(format: String)
  /// A PNG image.
  case png
  /// An SVG image.
  case svg
  /// UTF-8 text; the name (e.g. "Markdown", "JSON") is for messages.
  case text(String)
  /// A folder in another tool's layout, e.g. an MLflow file store: one that holds the file
  /// `marker` (a relative path) is of this kind.
  case folder(String, marker: String)

  /// Whether a file holding `content` is of this kind. Nothing, and an empty file, are of
  /// every kind: replacing them loses nothing.
  public func accepts(_ content: FileContent) -> Bool {
    switch (self, content) {
    case (_, .none), (_, .empty): return true
    case (.hdf5(let format), .hdf5(let existing)): return existing == format
    case (.png, .png), (.svg, .svg), (.text, .text): return true
    case (.folder, .directory): return true  // the marker is checked by ``OutputPlan``
    default: return false
    }
  }

  /// A phrase for messages, e.g. `HDF5 with format "glyphlab-run-log"`.
  public var description: String {
    switch self {
    case .hdf5(let format): return "HDF5 with format \"\(format)\""
    case .png: return "a PNG image"
    case .svg: return "an SVG image"
    case .text(let name): return name
    case .folder(let name, _): return "a folder (\(name))"
    }
  }
}
