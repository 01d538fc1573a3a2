import Foundation
import GlyphLabRunner

/// Shows an experiment's progress on standard error: a redrawn bar with the ETA on a
/// terminal, one plain line per finished run otherwise (files, CI, Slurm logs).
final class RunProgressPrinter {
  let keyMetrics: [String]
  let interactive: Bool
  let start = Date()

  init(keyMetrics: [String]) {
    self.keyMetrics = keyMetrics
    interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
  }

  func handle(_ event: RunnerEvent) {
    switch event {
    case .started(let total, let skipped, let jobs, let blasThreads, let log):
      write(
        "running \(total) run(s)\(skipped > 0 ? ", skipping \(skipped) complete" : ""), \(jobs) at once "
          + "with \(blasThreads) BLAS thread(s) each\(log.isEmpty ? ", not logged" : " → \(log)")\n")
    case .warning(let message):
      write("\(interactive ? "\r\u{1B}[K" : "")warning: \(message)\n")
    case .finished(let outcome, let done, let total):
      let elapsed = Date().timeIntervalSince(start)
      let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
      let metrics = keyMetrics.compactMap { name -> String? in
        let value = outcome.recording.scalars[name] ?? outcome.recording.integers[name].map { Double($0) }
        return value.map { String(format: "%@=%.4g", name, $0) }
      }.joined(separator: " ")
      let what =
        outcome.status == .failed
        ? "FAILED: \(outcome.error)" : "\(outcome.status.rawValue) \(metrics)"
      if interactive {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        if outcome.status == .failed { write("\r\u{1B}[K\(outcome.run.id) \(what)\n") }
        write(String(format: "\r\u{1B}[K[%@] %d/%d  ETA %.0f s  %@", bar, done, total, eta, outcome.run.id))
        if done == total { write("\n") }
      } else {
        write(
          String(
            format: "[%d/%d] %@ %@ (%.1f s elapsed, ETA %.0f s)\n", done, total, outcome.run.id, what, elapsed, eta))
      }
    }
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
