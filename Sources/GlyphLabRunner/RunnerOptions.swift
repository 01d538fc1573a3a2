/// How ``ExperimentRunner`` runs an experiment.
public struct RunnerOptions: Sendable {
  /// The log file; `nil` uses the spec's `log:` (with `.shard-I-of-N` before `.h5` for a
  /// shard).
  public var logPath: String?
  /// Continue an existing log: skip its complete runs, run the rest (default false).
  public var resume = false
  /// Replace an existing log (default false: an existing log without `resume` is an error).
  public var overwrite = false
  /// Run only this shard's share of the runs (default: all).
  public var shard: RunShard?
  /// Runs at once, on worker threads (default: the number of cores). BLAS gets
  /// max(1, cores / jobs) threads.
  public var jobs: Int?
  /// Whether to write the log at all (default true). false runs and discards the results,
  /// to measure what logging costs.
  public var writesLog = true
  /// The command line, recorded in the log.
  public var command = ""
  /// A commit is made once the time since the last one reaches this multiple of the last
  /// commit's duration (default 50, so commits take at most about 2% of the wall time);
  /// 0 commits after every run.
  public var commitSpacing = 50.0
  /// Set from a signal handler to stop: the runner then commits the finished runs, marks
  /// those in progress `interrupted`, releases the lock and returns (nil: not interruptible).
  public var interrupt: RunInterrupt?

  /// Default options.
  public init() {}
}
