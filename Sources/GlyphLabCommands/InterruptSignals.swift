import Dispatch
import Foundation
import GlyphLabRunner

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT and SIGTERM handlers for `glyphlab run`: the first signal sets a ``RunInterrupt``
/// so the runner commits and stops cleanly; a second one exits at once (the log stays as last
/// committed, and the kernel releases the lock).
final class InterruptSignals {
  let interrupt = RunInterrupt()
  private var sources: [DispatchSourceSignal] = []

  /// Installs the handlers (until this object is released).
  init() {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [interrupt] in
        if interrupt.signal != nil {
          FileHandle.standardError.write(Data("second signal: stopping now\n".utf8))
          InterruptSignals.exitNow(128 + number)
        }
        interrupt.trigger(number)
        FileHandle.standardError.write(
          Data("\n\(Self.name(number)): committing finished runs and stopping (again to stop at once)\n".utf8))
      }
      source.resume()
      sources.append(source)
    }
  }

  deinit {
    for source in sources { source.cancel() }
    for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
  }

  static func name(_ signal: Int32) -> String { signal == SIGTERM ? "SIGTERM" : "SIGINT" }

  /// Ends the process at once with `status`, after flushing standard output, without running
  /// exit handlers and library destructors. An interrupted run leaves its workers' runs to die
  /// with the process, and a worker may still be inside OpenBLAS: `exit` would run OpenBLAS's
  /// destructor, which unloads its kernel table, and the worker then crashes (a segfault in
  /// `cblas_sdot` under ThreadSanitizer, turning exit status 130 into 139).
  static func exitNow(_ status: Int32) -> Never {
    fflush(nil)
    _exit(status)
  }
}
