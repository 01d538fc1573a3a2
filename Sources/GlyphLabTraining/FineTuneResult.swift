/// What ``EncoderTrainer/fineTune(_:images:labels:classCount:settings:)`` returns.
public struct FineTuneResult {
  /// The fine-tuned encoder (a copy; the one given is unchanged), with the same record.
  public var encoder: TrainedEncoder
  /// Steps and epochs run (fewer than asked if the time cap stopped it).
  public var steps: Int
  public var epochs: Int
  /// The mean loss and accuracy of the last (possibly partial) epoch.
  public var loss: Double
  public var accuracy: Double
  /// Wall time in seconds.
  public var seconds: Double
}
