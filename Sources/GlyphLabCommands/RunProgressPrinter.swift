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
    case .tick(let done, let total):
      if interactive { drawBar(done: done, total: total, last: "") }
    case .finished(let outcome, let done, let total):
      let metrics = keyMetrics.compactMap { name -> String? in
        let value = outcome.recording.scalars[name] ?? outcome.recording.integers[name].map { Double($0) }
        return value.map { String(format: "%@=%.4g", name, $0) }
      }.joined(separator: " ")
      let what = outcome.status == .failed ? "FAILED: \(outcome.error)" : "\(outcome.status.rawValue) \(metrics)"
      if interactive {
        if outcome.status == .failed { write("\r\u{1B}[K\(outcome.run.id) \(what)\n") }
        drawBar(done: done, total: total, last: outcome.run.id)
        if done == total { write("\n") }
      } else {
        let elapsed = Date().timeIntervalSince(start)
        write(
          String(
            format: "[%d/%d] %@ %@ (%.1f s elapsed, ETA %.0f s)\n", done, total, outcome.run.id, what, elapsed,
            eta(done: done, total: total)))
      }
    }
  }

  /// The ETA from the mean time per finished run so far.
  private func eta(done: Int, total: Int) -> Double {
    let elapsed = Date().timeIntervalSince(start)
    return done > 0 ? max(0, elapsed * Double(total - done) / Double(done)) : .nan
  }

  private func drawBar(done: Int, total: Int, last: String) {
    let width = 30
    let filled = total > 0 ? done * width / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let elapsed = Date().timeIntervalSince(start)
    let eta = eta(done: done, total: total)
    let etaText = eta.isNaN ? "ETA --" : String(format: "ETA %.0f s", eta)
    write(String(format: "\r\u{1B}[K[%@] %d/%d  %.0f s  %@  %@", bar, done, total, elapsed, etaText, last))
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
