/// The state of a run in the log.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
  /// Started and not finished when the log was last written (or killed while running).
  case running
  /// Finished; its results are in the log.
  case complete
  /// Threw an error; the log holds the message in `error`.
  case failed
  /// Stopped by SIGINT or SIGTERM before it finished; `--resume` runs it again.
  case interrupted
}
