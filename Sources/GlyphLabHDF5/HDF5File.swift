import CHDF5
import Foundation

/// An open HDF5 file, closed when the last reference goes away.
///
/// Files are opened with HDF5's own file locking, so a second writer gets an error instead
/// of corrupting the file.
public final class HDF5File: HDF5Container {
  /// How to open a file.
  public enum Mode: Sendable {
    /// Read only; the file must exist.
    case readOnly
    /// Read and write; the file must exist.
    case readWrite
    /// Create a new file, replacing any existing one.
    case truncate
    /// Create a new file; fail if one exists.
    case createNew
  }

  /// The path the file was opened at.
  public let path: String
  public let objectID: HDF5ObjectID
  public var objectPath: String { "/" }
  public var fileDescription: String { path }

  /// Opens or creates the file at `path`.
  public init(path: String, mode: Mode) throws {
    _ = HDF5Library.initialized
    self.path = path
    let id: hid_t
    switch mode {
    case .readOnly, .readWrite:
      guard FileManager.default.fileExists(atPath: path) else {
        throw HDF5Error(function: "open", context: "\(path)", detail: "no such file")
      }
      guard H5Fis_hdf5(path) > 0 else {
        throw HDF5Error(
          function: "H5Fis_hdf5", context: "\(path)",
          detail: "not an HDF5 file (wrong format, or truncated)")
      }
      let flags = mode == .readOnly ? glyphlab_h5f_acc_rdonly() : glyphlab_h5f_acc_rdwr()
      id = H5Fopen(path, flags, glyphlab_h5p_default())
    case .truncate, .createNew:
      let flags = mode == .truncate ? glyphlab_h5f_acc_trunc() : glyphlab_h5f_acc_excl()
      id = H5Fcreate(path, flags, glyphlab_h5p_default(), glyphlab_h5p_default())
    }
    let checked = try HDF5Library.check(
      id, mode == .readOnly || mode == .readWrite ? "H5Fopen" : "H5Fcreate", "\(path)")
    objectID = HDF5ObjectID(handle: HDF5Handle(checked, close: H5Fclose))
  }

  /// Writes buffered data to disk.
  public func flush() throws {
    try HDF5Library.check(H5Fflush(objectID.raw, H5F_SCOPE_GLOBAL), "H5Fflush", path)
  }

  /// Creates a file at a temporary path beside `path`, lets `body` fill it, closes it and
  /// renames it into place, so readers never see a partial file. On any error the temporary
  /// file is removed and `path` is left as it was.
  public static func writeAtomically<R>(
    to path: String, _ body: (HDF5File) throws -> R
  ) throws
    -> R
  {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let temporary =
      (directory as NSString).appendingPathComponent(
        ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(atPath: temporary)
    do {
      let result: R
      do {
        let file = try HDF5File(path: temporary, mode: .truncate)
        result = try body(file)
        try file.flush()
      }  // `file` is released and closed here, before the rename.
      guard rename(temporary, path) == 0 else {
        throw HDF5Error(
          function: "rename", context: path,
          detail: String(cString: strerror(errno)))
      }
      return result
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }
}
