import Foundation
import GlyphLabRunner

/// Shows an experiment's progress on standard error: a redrawn bar with the ETA on a
/// terminal, one plain line per finished run otherwise (files, CI, Slurm logs).
final class RunProgressPrinter {
  let keyMetrics: [String]
  let interactive: Bool
  let start = Date()

  /// Without a terminal, print one line per round (`--verbose`).
  let verbose: Bool
  /// The latest round of each run in progress, shown under the bar on a terminal.
  var rounds: [String: RunRoundProgress] = [:]
  var lastBar = (done: 0, total: 0, last: "")

  init(keyMetrics: [String], verbose: Bool = false) {
    self.keyMetrics = keyMetrics
    self.verbose = verbose
    interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
  }

  /// "round 3: 1,200 labels, cost 1.25 h, accuracy 78.10%" from a round's values.
  static func describe(_ round: RunRoundProgress) -> String {
    var parts: [String] = []
    if let labels = round.values["labels"] { parts.append(String(format: "%.0f labels", labels)) }
    if let cost = round.values["cost"], cost.isFinite {
      parts.append(cost >= 3600 ? String(format: "cost %.2f h", cost / 3600) : String(format: "cost %.0f s", cost))
    }
    if let accuracy = round.values["accuracy"], accuracy.isFinite {
      parts.append(String(format: "accuracy %.2f%%", accuracy * 100))
    }
    return "round \(round.round)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
  }

  func handle(_ event: RunnerEvent) {
    switch event {
    case .started(let total, let skipped, let jobs, let blasThreads, let log):
      write(
        "running \(total) run(s)\(skipped > 0 ? ", skipping \(skipped) complete" : ""), \(jobs) at once "
          + "with \(blasThreads) BLAS thread(s) each\(log.isEmpty ? ", not logged" : " → \(log)")\n")
    case .warning(let message):
      write("\(interactive ? "\r\u{1B}[J" : "")warning: \(message)\n")
    case .round(let round):
      if interactive {
        rounds[round.runID] = round
        drawBar(done: lastBar.done, total: lastBar.total, last: lastBar.last)
      } else if verbose {
        write("  \(round.runID) \(Self.describe(round))\n")
      }
    case .tick(let done, let total):
      if interactive { drawBar(done: done, total: total, last: "") }
    case .finished(let outcome, let done, let total):
      let metrics = keyMetrics.compactMap { name -> String? in
        let value = outcome.recording.scalars[name] ?? outcome.recording.integers[name].map { Double($0) }
        return value.map { String(format: "%@=%.4g", name, $0) }
      }.joined(separator: " ")
      let what = outcome.status == .failed ? "FAILED: \(outcome.error)" : "\(outcome.status.rawValue) \(metrics)"
      if interactive {
        rounds[outcome.run.id] = nil
        if outcome.status == .failed { write("\r\u{1B}[J\(outcome.run.id) \(what)\n") }
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
    lastBar = (done, total, last)
    // The bar, then one line per run in progress with its latest round, then back up.
    var text = String(format: "\r\u{1B}[K[%@] %d/%d  %.0f s  %@  %@", bar, done, total, elapsed, etaText, last)
    let lines = rounds.values.sorted { $0.runID < $1.runID }.map { "  \($0.runID) \(Self.describe($0))" }
    for line in lines { text += "\n\u{1B}[K" + line }
    text += "\u{1B}[J"
    if !lines.isEmpty { text += "\u{1B}[\(lines.count)A" }
    write(text)
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
