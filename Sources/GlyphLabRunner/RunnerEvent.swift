import GlyphLabRunLog

/// What ``ExperimentRunner`` reports while it works, for progress displays.
public enum RunnerEvent: Sendable {
  /// Work is about to start: `total` runs to do now (after skipping `skipped` complete
  /// ones), `jobs` at once with `blasThreads` BLAS threads each, logging to `log`.
  case started(total: Int, skipped: Int, jobs: Int, blasThreads: Int, log: String)
  /// Run `outcome` ended; `done` of `total` have.
  case finished(outcome: RunOutcome, done: Int, total: Int)
  /// Nothing finished for a while (sent about twice a second while runs are in progress),
  /// so a display can refresh its clock.
  case tick(done: Int, total: Int)
  /// A warning worth showing (e.g. resuming with another git commit).
  case warning(String)
  /// A run in progress recorded a round (curve row).
  case round(RunRoundProgress)
}
