/// How one run ended: what a writer of runs (the runner, or any other) hands ``RunLogWriter``.
public struct RunOutcome: Sendable {
  /// The run.
  public var run: LoggedRun
  /// ``RunStatus/complete`` or ``RunStatus/failed``.
  public var status: RunStatus
  /// The error's description when failed, else "".
  public var error: String
  /// What the run recorded (a failed run keeps what it recorded before the error).
  public var recording: RunRecording
  /// When it started (ISO 8601 UTC).
  public var startedAt: String
  /// When it finished (ISO 8601 UTC).
  public var finishedAt: String

  /// An outcome.
  public init(
    run: LoggedRun, status: RunStatus, error: String, recording: RunRecording, startedAt: String,
    finishedAt: String
  ) {
    self.run = run
    self.status = status
    self.error = error
    self.recording = recording
    self.startedAt = startedAt
    self.finishedAt = finishedAt
  }
}
