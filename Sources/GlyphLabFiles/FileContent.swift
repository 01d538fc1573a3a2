import Foundation
import GlyphLabHDF5

/// What a file on disk holds, as far as replacing it is concerned: told from its first
/// bytes, and for HDF5 from its root `format` attribute.
public enum FileContent: Sendable, Equatable, CustomStringConvertible {
  /// Nothing is there.
  case none
  /// A file of zero bytes.
  case empty
  /// A directory.
  case directory
  /// An HDF5 file and its root `format` attribute (`nil` when it has none).
  case hdf5(format: String?)
  /// A PNG image.
  case png
  /// An SVG image.
  case svg
  /// UTF-8 text (Markdown, CSV, JSON, YAML, …).
  case text
  /// Anything else.
  case binary

  /// How many leading bytes are read to tell text from binary data.
  static let sniffBytes = 4096

  /// What the file at `path` holds (links are followed).
  public init(at path: String) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      self = .none
      return
    }
    if isDirectory.boolValue {
      self = .directory
      return
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      self = .binary
      return
    }
    defer { try? handle.close() }
    let head = [UInt8]((try? handle.read(upToCount: Self.sniffBytes)) ?? Data())
    if head.isEmpty {
      self = .empty
    } else if Self.isHDF5(head, handle: handle) {
      self = .hdf5(format: Self.formatAttribute(path))
    } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
      self = .png
    } else if let text = Self.text(head) {
      let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
      self = start.hasPrefix("<svg") || (start.hasPrefix("<?xml") && text.contains("<svg")) ? .svg : .text
    } else {
      self = .binary
    }
  }

  /// Whether the content is an HDF5 file.
  public var isHDF5: Bool {
    if case .hdf5 = self { return true }
    return false
  }

  /// A phrase for messages: its `format` attribute for HDF5, and "not HDF5" otherwise.
  public var description: String {
    switch self {
    case .none: return "nothing"
    case .empty: return "nothing (an empty file)"
    case .directory: return "a directory"
    case .hdf5(let format?): return "HDF5 with format \"\(format)\""
    case .hdf5(nil): return "HDF5 without a format attribute"
    case .png: return "a PNG image, not HDF5"
    case .svg: return "an SVG image, not HDF5"
    case .text: return "text, not HDF5"
    case .binary: return "data that is not HDF5"
    }
  }

  /// HDF5's signature, found at byte 0, 512, 1024, 2048, … of a file.
  private static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

  private static func isHDF5(_ head: [UInt8], handle: FileHandle) -> Bool {
    if head.starts(with: signature) { return true }
    var offset: UInt64 = 512
    while offset < 1 << 30 {
      guard (try? handle.seek(toOffset: offset)) != nil,
        let bytes = try? handle.read(upToCount: signature.count), bytes.count == signature.count
      else { return false }
      if [UInt8](bytes) == signature { return true }
      offset *= 2
    }
    return false
  }

  private static func formatAttribute(_ path: String) -> String? {
    guard let file = try? HDF5File(path: path, mode: .readOnly) else { return nil }
    defer { try? file.close() }
    guard file.hasAttribute("format") else { return nil }
    return try? file.stringAttribute("format")
  }

  /// The bytes as text if they are UTF-8 without NUL (a sequence cut at the end is allowed).
  private static func text(_ bytes: [UInt8]) -> String? {
    guard !bytes.contains(0) else { return nil }
    for cut in 0..<min(4, bytes.count) {
      if let text = String(validating: bytes.dropLast(cut), as: UTF8.self) { return text }
    }
    return nil
  }
}
