import Foundation
import GlyphLabHDF5

/// The identity of one input file of an experiment (a dataset, weights, a recipe), recorded
/// in the run log's `inputs` attribute so `--resume` and `merge` can refuse to mix runs made
/// on different data.
///
/// The content hash is what decides: SHA-256 over every HDF5 dataset in the file (its path,
/// shape, and values in native byte order, streamed block by block) for an HDF5 file, or over
/// the file's bytes for any other file. So rewriting a dataset with the same data (same
/// content, new mtime) matches, and shuffled labels do not.
public struct InputFingerprint: Sendable, Equatable, Codable {
  /// The path as the spec gives it.
  public var path: String
  /// The file's size in bytes.
  public var size: Int
  /// Its modification time, ISO 8601 UTC.
  public var modified: String
  /// SHA-256 (64 hex digits) of the content (see the type's description).
  public var sha256: String
  /// The HDF5 datasets hashed (absolute paths), or empty for a file hashed whole.
  public var datasets: [String]

  /// Creates a fingerprint.
  public init(path: String, size: Int, modified: String, sha256: String, datasets: [String]) {
    self.path = path
    self.size = size
    self.modified = modified
    self.sha256 = sha256
    self.datasets = datasets
  }

  /// Fingerprints the file at `path`, reading it once.
  ///
  /// - Complexity: O(file size), in blocks of 4 MiB.
  public static func compute(path: String) throws -> InputFingerprint {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw RunLogError(path: path, "cannot fingerprint the input file: \(error.localizedDescription)")
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes[.modificationDate] as? Date).map(Self.iso8601) ?? ""
    var hasher = SHA256Hasher()
    var datasets: [String] = []
    if HDF5File.isHDF5(path: path) {
      do {
        let file = try HDF5File(path: path, mode: .readOnly)
        datasets = try file.datasetPaths()
        for name in datasets {
          let dataset = try file.openDataset(name)
          hasher.update("\(name)\u{0}\(try dataset.shape())\u{0}\(try dataset.elementType().kind.rawValue)\u{0}")
          try dataset.forEachRawBlock { hasher.update($0) }
        }
        try file.close()
      } catch let error as HDF5Error {
        throw RunLogError(path: path, "cannot fingerprint the input file: \(error)")
      }
    } else {
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw RunLogError(path: path, "cannot open the input file to fingerprint it")
      }
      defer { try? handle.close() }
      while true {
        let block: Data
        do {
          block = try handle.read(upToCount: 4 << 20) ?? Data()
        } catch {
          throw RunLogError(path: path, "cannot read the input file: \(error.localizedDescription)")
        }
        if block.isEmpty { break }
        block.withUnsafeBytes { hasher.update($0) }
      }
    }
    return InputFingerprint(
      path: path, size: size, modified: modified, sha256: hasher.finalizeHex(), datasets: datasets)
  }

  /// What differs between a recorded fingerprint and the file now, or nil if the content is
  /// the same: a new mtime alone is not a change, nor a new size of an HDF5 file whose
  /// datasets hash the same (its attributes or free space differ, e.g. rebuilt on another
  /// machine; for any other file the hash covers every byte).
  public func change(from recorded: InputFingerprint) -> String? {
    guard sha256 != recorded.sha256 || (datasets.isEmpty && size != recorded.size) else { return nil }
    var parts: [String] = []
    if size != recorded.size { parts.append("size \(recorded.size) → \(size) bytes") }
    if modified != recorded.modified { parts.append("modified \(recorded.modified) → \(modified)") }
    parts.append("content hash \(recorded.sha256.prefix(12))… → \(sha256.prefix(12))…")
    return parts.joined(separator: ", ")
  }

  /// Encodes fingerprints as the log's `inputs` attribute: a JSON array sorted by path.
  public static func encode(_ inputs: [InputFingerprint]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let sorted = inputs.sorted { $0.path < $1.path }
    return (try? encoder.encode(sorted)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
  }

  /// Decodes the `inputs` attribute; empty for logs without it (format 1.0).
  public static func decode(_ text: String, path: String) throws -> [InputFingerprint] {
    guard !text.isEmpty else { return [] }
    do {
      return try JSONDecoder().decode([InputFingerprint].self, from: Data(text.utf8))
    } catch {
      throw RunLogError.wrongType(
        file: path, object: "the root group", key: "inputs", expected: "a JSON array of input fingerprints")
    }
  }

  private static func iso8601(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}

extension InputFingerprint {
  /// A recorded input whose content differs now: its path and what changed.
  public struct Change: Sendable, Equatable {
    /// The input file.
    public var path: String
    /// What differs (size, mtime, content hash).
    public var detail: String
  }

  /// The first recorded input (in path order) whose current fingerprint differs, or that is
  /// gone; nil if all match. Inputs recorded nowhere (a 1.0 log) match.
  public static func firstChange(
    recorded: [InputFingerprint], current: [InputFingerprint], log: String
  ) throws -> Change? {
    let now = Dictionary(current.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    for old in recorded.sorted(by: { $0.path < $1.path }) {
      guard let new = now[old.path] else {
        return Change(path: old.path, detail: "the file is gone")
      }
      if let detail = new.change(from: old) { return Change(path: old.path, detail: detail) }
    }
    return nil
  }
}
