import Foundation

/// An HDF5 file written at a temporary path beside its destination and renamed into place
/// by ``commit()``, so the destination never holds a partial file.
///
/// If it is never committed — ``discard()`` is called, or the last reference goes away — the
/// temporary file is deleted and the destination is untouched. Use it for writes that outlive
/// one closure (streaming writers); ``HDF5File/writeAtomically(to:_:)`` wraps it for the rest.
///
/// The destination must be a real path (GlyphLabFiles' `RealPath`): a symbolic link there is
/// refused, since staging beside it and renaming would replace the link with a file, and
/// copying it would copy the link.
public final class HDF5StagedFile {
  /// Where the file goes on ``commit()``.
  public let destination: String
  /// The temporary file being written, in the destination's directory (so the rename
  /// stays on one file system).
  public let temporaryPath: String
  /// The open temporary file.
  public let file: HDF5File

  private var finished = false

  /// Starts a new, empty file for `destination`.
  public init(creating destination: String) throws {
    try Self.requireNotLink(destination)
    self.destination = destination
    temporaryPath = Self.temporaryPath(for: destination)
    file = try HDF5File(path: temporaryPath, mode: .createNew)
  }

  /// Starts a copy of the existing HDF5 file at `destination`, open for reading and
  /// writing, to replace it on ``commit()``.
  public init(updating destination: String) throws {
    try Self.requireNotLink(destination)
    self.destination = destination
    // Checks that the original is a readable HDF5 file before copying anything.
    _ = try HDF5File(path: destination, mode: .readOnly)
    let temporary = Self.temporaryPath(for: destination)
    temporaryPath = temporary
    do {
      try Self.copyFile(destination, to: temporary)
      file = try HDF5File(path: temporary, mode: .readWrite)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      if let error = error as? HDF5Error { throw error }
      throw HDF5Error(function: "copy", context: destination, detail: "\(error.localizedDescription)")
    }
  }

  deinit { discard() }

  /// Throws if `destination` is a symbolic link.
  static func requireNotLink(_ destination: String) throws {
    var status = stat()
    if lstat(destination, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
      throw HDF5Error(
        function: "stage", context: destination,
        detail: "is a symbolic link; stage the file it points at (its real path) so the link is kept")
    }
  }

  /// Closes the file and renames it to ``destination``, replacing any file there.
  /// Throws (and keeps the temporary file for ``discard()``) if objects of the file are
  /// still open or the rename fails.
  public func commit() throws {
    guard !finished else {
      throw HDF5Error(function: "commit", context: destination, detail: "already committed or discarded")
    }
    try file.close()
    guard rename(temporaryPath, destination) == 0 else {
      throw HDF5Error(
        function: "rename", context: destination,
        detail: "from \(temporaryPath): \(String(cString: strerror(errno)))")
    }
    finished = true
  }

  /// Deletes the temporary file; the destination is untouched. Does nothing after
  /// ``commit()``.
  public func discard() {
    guard !finished else { return }
    finished = true
    try? file.close()
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }

  /// A hidden, unique name beside `destination`: ".name.tmp-PID-RANDOM". Stale temporary
  /// files of dead processes in that directory are removed first.
  static func temporaryPath(for destination: String) -> String {
    let url = URL(fileURLWithPath: destination)
    let directory = url.deletingLastPathComponent().path
    removeStaleTemporaryFiles(in: directory)
    let unique = UUID().uuidString.prefix(8)
    return (directory as NSString).appendingPathComponent(
      ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(unique)")
  }
}
