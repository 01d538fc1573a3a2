extension ExperimentRunner {
  /// What ``ExperimentRunner/run(onEvent:)`` did.
  public struct Summary: Sendable, Equatable {
    /// The log written ("" without logging).
    public var logPath: String
    /// Runs this invocation was responsible for (the shard's share, or all).
    public var planned: Int
    /// Runs skipped because the log already held them complete.
    public var skipped: Int
    /// Runs that completed now.
    public var completed: Int
    /// Runs that failed now.
    public var failed: Int
    /// Wall time of the whole invocation, in seconds.
    public var wallSeconds: Double
    /// Time spent writing the log (commits), in seconds.
    public var logSeconds: Double
    /// Log commits made.
    public var commits: Int
    /// The signal that interrupted the run (SIGINT, SIGTERM), or nil if it ran to the end.
    public var interruptedBy: Int32? = nil
    /// Runs marked `interrupted` (in progress when the signal came).
    public var interrupted = 0
  }
}
