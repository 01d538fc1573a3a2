/// Where a training run is, reported after every step.
public struct TrainingProgress: Sendable, Equatable {
  /// The epoch in progress (0-based) and the number of epochs.
  public var epoch: Int
  public var epochs: Int
  /// Steps done in this epoch, and the epoch's steps.
  public var step: Int
  public var stepsInEpoch: Int
  /// Steps done in the whole run, and the run's steps.
  public var globalStep: Int
  public var totalSteps: Int
  /// The epoch's mean loss and accuracy so far.
  public var loss: Double
  public var accuracy: Double
  /// Training images per second in this session (since the start or the resume).
  public var imagesPerSecond: Double
  /// Seconds in this session, and the estimated seconds left.
  public var elapsed: Double
  public var remaining: Double
  /// Whether a checkpoint was written after this step.
  public var checkpointWritten: Bool
}
