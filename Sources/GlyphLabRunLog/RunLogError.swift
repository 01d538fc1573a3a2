/// A problem with a run log: it cannot be read, is not a run log, lacks or mistypes an
/// attribute, another writer holds it, it belongs to another spec, …. Every case names the
/// file, and where it applies the object and attribute at fault, so the message says what to fix.
public enum RunLogError: Error, Equatable, Sendable {
  /// The file could not be opened or read as HDF5.
  case unreadable(file: String, detail: String)
  /// The root `format` attribute is not `glyphlab-run-log`.
  case wrongFormat(file: String, found: String)
  /// The root `version` attribute has a major version this reader does not know.
  case unsupportedVersion(file: String, found: String, supported: String)
  /// A required attribute is missing.
  case missingAttribute(file: String, object: String, key: String)
  /// An attribute holds the wrong kind of value (for example a number where text belongs).
  case wrongType(file: String, object: String, key: String, expected: String)
  /// A JSON attribute (`params`, `sweep`) does not parse as a JSON object.
  case invalidJSON(file: String, object: String, key: String, detail: String)
  /// A curve, episode or prediction dataset cannot be read as numbers.
  case unreadableDataset(file: String, dataset: String, detail: String)
  /// Anything else about the log at `file` (locking, writing, resuming, merging), with what
  /// to do.
  case invalid(file: String, message: String)

  /// An ``invalid(file:message:)`` error about the log (or input file) at `path`.
  public init(path: String, _ message: String) {
    self = .invalid(file: path, message: message)
  }

  /// The file the error is about.
  public var path: String {
    switch self {
    case .unreadable(let file, _), .wrongFormat(let file, _), .unsupportedVersion(let file, _, _),
      .missingAttribute(let file, _, _), .wrongType(let file, _, _, _), .invalidJSON(let file, _, _, _),
      .unreadableDataset(let file, _, _), .invalid(let file, _):
      return file
    }
  }

  /// What is wrong, without the leading file name.
  public var message: String { String(description.dropFirst(path.count + 2)) }
}

extension RunLogError: CustomStringConvertible {
  /// A one-line message naming the file, the object and the key.
  public var description: String {
    switch self {
    case .unreadable(let file, let detail):
      return "\(file): cannot read the run log: \(detail)"
    case .wrongFormat(let file, let found):
      return
        "\(file): not a GlyphLab run log (root attribute format = \"\(found)\", expected \"\(RunLogLayout.format)\")"
    case .unsupportedVersion(let file, let found, let supported):
      return "\(file): run log version \"\(found)\" is not supported (this GlyphLab reads \(supported))"
    case .missingAttribute(let file, let object, let key):
      return "\(file): required attribute \"\(key)\" is missing on \(object)"
    case .wrongType(let file, let object, let key, let expected):
      return "\(file): attribute \"\(key)\" on \(object) is not \(expected)"
    case .invalidJSON(let file, let object, let key, let detail):
      return "\(file): attribute \"\(key)\" on \(object) is not a JSON object: \(detail)"
    case .unreadableDataset(let file, let dataset, let detail):
      return "\(file): cannot read dataset \(dataset) as numbers: \(detail)"
    case .invalid(let file, let message):
      return "\(file): \(message)"
    }
  }
}
