import CHDF5
import Foundation

/// An open HDF5 file, closed by ``close()`` or when the last reference goes away.
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
    HDF5Library.silenceCurrentThread()
    self.path = path
    let id: hid_t
    switch mode {
    case .readOnly, .readWrite:
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw HDF5Error(function: "open", context: "\(path)", detail: "no such file")
      }
      guard !isDirectory.boolValue else {
        throw HDF5Error(function: "open", context: "\(path)", detail: "is a directory")
      }
      guard H5Fis_hdf5(path) > 0 else {
        throw HDF5Error(
          function: "H5Fis_hdf5", context: "\(path)",
          detail: "not an HDF5 file (wrong format, or truncated)")
      }
      let flags = mode == .readOnly ? glyphlab_h5f_acc_rdonly() : glyphlab_h5f_acc_rdwr()
      if mode == .readOnly {
        // A reader evicts each object's metadata when the object closes: otherwise HDF5 keeps
        // every object header it has read decoded in memory until the file closes (about
        // 8 KB per run group: 390 MB to read one attribute of each of 50,000 runs).
        let fapl = HDF5Handle.propertyList(
          try HDF5Library.check(H5Pcreate(glyphlab_h5p_file_access()), "H5Pcreate", path))
        try HDF5Library.check(H5Pset_evict_on_close(fapl.id, true), "H5Pset_evict_on_close", path)
        // Checked before the property list closes: any later HDF5 call clears the error stack.
        id = try HDF5Library.check(H5Fopen(path, flags, fapl.id), "H5Fopen", path)
      } else {
        id = H5Fopen(path, flags, glyphlab_h5p_default())
      }
    case .truncate, .createNew:
      let flags = mode == .truncate ? glyphlab_h5f_acc_trunc() : glyphlab_h5f_acc_excl()
      id = H5Fcreate(path, flags, glyphlab_h5p_default(), glyphlab_h5p_default())
    }
    let checked = try HDF5Library.check(
      id, mode == .readOnly || mode == .readWrite ? "H5Fopen" : "H5Fcreate", "\(path)")
    objectID = HDF5ObjectID(handle: HDF5Handle(checked, close: H5Fclose))
  }

  /// Whether the file is still open (``close()`` has not been called).
  public var isOpen: Bool { objectID.handle.isOpen }

  /// Writes buffered data to disk.
  public func flush() throws {
    try HDF5Library.check(H5Fflush(objectID.raw, H5F_SCOPE_GLOBAL), "H5Fflush", path)
  }

  /// The number of groups, datasets and attributes opened through this file and not yet
  /// released.
  public func openObjectCount() -> Int {
    guard isOpen else { return 0 }
    let all = H5Fget_obj_count(objectID.raw, glyphlab_h5f_obj_all_local())
    return max(0, Int(all) - 1)  // the file itself is counted too
  }

  /// Closes the file now, writing everything to disk. Throws if a group, dataset or
  /// attribute from it is still referenced, since HDF5 would otherwise keep the file open
  /// until that object goes away. Calling it again does nothing.
  public func close() throws {
    guard isOpen else { return }
    let open = openObjectCount()
    guard open == 0 else {
      throw HDF5Error(
        function: "close", context: path,
        detail: "\(open) object(s) from the file are still open; release them first")
    }
    try HDF5Library.check(objectID.handle.close(), "H5Fclose", path)
  }

  /// Creates a file at a temporary path beside `path`, lets `body` fill it, closes it and
  /// renames it into place, so readers never see a partial file. On any error the temporary
  /// file is removed and `path` is left as it was. `body` must not keep groups or datasets
  /// of the file beyond its return.
  public static func writeAtomically<R>(
    to path: String, _ body: (HDF5File) throws -> R
  ) throws
    -> R
  {
    try fill(HDF5StagedFile(creating: path), body)
  }

  /// Changes the existing file at `path` without ever leaving it half-changed: the file is
  /// copied beside itself, `body` changes the copy, which is then renamed over the
  /// original. On any error the copy is removed and `path` is left as it was.
  public static func updateAtomically<R>(
    at path: String, _ body: (HDF5File) throws -> R
  ) throws
    -> R
  {
    try fill(HDF5StagedFile(updating: path), body)
  }

  /// Runs `body` on the staged file and commits it, or discards it on any error.
  private static func fill<R>(_ staged: HDF5StagedFile, _ body: (HDF5File) throws -> R) throws -> R {
    do {
      let result = try body(staged.file)
      try staged.commit()
      return result
    } catch {
      staged.discard()
      throw error
    }
  }
}
