import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file so that readers only ever see the old or the new version: the bytes go to a
/// temporary file beside the *real* target (``RealPath``), which is flushed and renamed over
/// it. A link at the path given stays a link, to the new file, and a file replaced keeps its
/// permissions.
public enum AtomicReplacement {
  /// Writes `data` to `path`, creating its directory if needed.
  ///
  /// - Throws: ``FileWriteError`` naming the path if the directory, the temporary file, the
  ///   flush or the rename fails; the file at `path` is then left as it was.
  public static func write(_ data: Data, to path: String) throws {
    let real = RealPath.resolve(path)
    let directory = (real as NSString).deletingLastPathComponent
    let temporary = temporaryPath(beside: real)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw FileWriteError(path: path, "cannot create its directory \(directory): \(error.localizedDescription)")
    }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw FileWriteError(path: path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
    }
    var failure: String?
    var existing = stat()
    if stat(real, &existing) == 0 { _ = fchmod(fd, existing.st_mode & 0o7777) }
    do {
      try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: data)
    } catch {
      failure = "cannot write \(temporary): \(error.localizedDescription)"
    }
    if failure == nil, fsync(fd) != 0 { failure = "cannot flush \(temporary): \(String(cString: strerror(errno)))" }
    close(fd)
    if failure == nil, rename(temporary, real) != 0 {
      failure = "cannot rename \(temporary) over it: \(String(cString: strerror(errno)))"
    }
    if let failure {
      unlink(temporary)
      throw FileWriteError(path: path, failure)
    }
  }

  /// A hidden, unique name in `realPath`'s directory: ".NAME.tmp-PID-RANDOM".
  public static func temporaryPath(beside realPath: String) -> String {
    let directory = (realPath as NSString).deletingLastPathComponent
    let name = (realPath as NSString).lastPathComponent
    let unique = UUID().uuidString.prefix(8)
    return (directory as NSString).appendingPathComponent(
      ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(unique)")
  }
}
