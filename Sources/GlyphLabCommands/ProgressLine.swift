import Foundation

/// Progress for long commands: a redrawn bar with an ETA on a terminal, and plain lines
/// (at most one per ten per cent, and, with an `interval`, one at least every `interval`
/// seconds) when output goes to a file or CI.
final class ProgressLine {
  let total: Int
  let label: String
  let interactive: Bool
  let start = Date()
  var lastDecile = -1
  let interval: Double?
  var lastLine = Date()

  init(total: Int, label: String, interval: Double? = nil) {
    self.total = max(1, total)
    self.label = label
    self.interval = interval
    interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
  }

  /// Shows `done` of `total`, with `detail` (e.g. "loss 1.23  acc 45.6%") after the count,
  /// and `eta` seconds left (estimated from the elapsed time if `nil`).
  func update(_ done: Int, detail: String = "", eta: Double? = nil) {
    let fraction = Double(done) / Double(total)
    let elapsed = Date().timeIntervalSince(start)
    let eta = eta ?? (fraction > 0 ? elapsed * (1 - fraction) / fraction : 0)
    if interactive {
      let width = 30
      let filled = Int(fraction * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardError.write(
        Data(String(format: "\r%@ [%@] %d/%d %@ ETA %.0f s ", label, bar, done, total, detail, eta).utf8))
    } else {
      let decile = Int(fraction * 10)
      let due = interval.map { Date().timeIntervalSince(lastLine) >= $0 } ?? false
      if decile > lastDecile || due {
        lastDecile = max(lastDecile, decile)
        lastLine = Date()
        FileHandle.standardError.write(
          Data(
            String(
              format: "%@: %d/%d (%.0f%%)%@, %.1f s elapsed\n", label, done, total, fraction * 100,
              detail.isEmpty ? "" : " " + detail, elapsed
            ).utf8))
      }
    }
  }

  func finish() {
    if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
