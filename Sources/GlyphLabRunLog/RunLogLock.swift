import Foundation
import GlyphLabFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive lock on a run log, held by the one process allowed to write it: an
/// `flock` on `LOG.lock` beside the log's real file, so every link to one log shares one lock. A second writer fails at once with a message naming the
/// holder. The kernel drops the lock if the holder dies (even by `kill -9`), so a stale
/// lock file never blocks anyone; ``release()`` removes the file.
public final class RunLogLock {
  /// The lock file.
  public let path: String
  private var descriptor: Int32

  /// Takes the lock for the log at `logPath`, or throws ``RunLogError`` if another process
  /// holds it.
  public init(logPath: String) throws {
    path = RealPath.resolve(logPath) + ".lock"
    while true {
      let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        throw RunLogError(path: logPath, "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
      }
      if flock(fd, LOCK_EX | LOCK_NB) != 0 {
        let reason = errno
        var holder = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &holder, holder.count, 0)
        close(fd)
        guard reason == EWOULDBLOCK else {
          throw RunLogError(path: logPath, "cannot lock \(path): \(String(cString: strerror(reason)))")
        }
        let who = count > 0 ? String(decoding: holder.prefix(count), as: UTF8.self) : "another process"
        throw RunLogError(
          path: logPath,
          "another glyphlab process is writing this log (\(who.trimmingCharacters(in: .whitespacesAndNewlines))); "
            + "wait for it to finish, or write another log (--out)")
      }
      // The holder before us may have removed the file between our open and our lock: then
      // we locked an unlinked inode, and must start again on the new file.
      var opened = stat()
      var named = stat()
      if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino,
        opened.st_dev == named.st_dev
      {
        descriptor = fd
        break
      }
      close(fd)
    }
    let note = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \(Provenance.now())\n"
    _ = ftruncate(descriptor, 0)
    _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
  }

  deinit { release() }

  /// Removes the lock file and drops the lock. Later calls do nothing.
  public func release() {
    guard descriptor >= 0 else { return }
    unlink(path)
    close(descriptor)
    descriptor = -1
  }
}
