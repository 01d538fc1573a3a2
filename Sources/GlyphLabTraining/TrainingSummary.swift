/// What a training run did.
public struct TrainingSummary: Sendable, Equatable {
  /// The weights file written, or "" if the run stopped before the end (see ``finished``).
  public var out: String
  /// The checkpoint file kept, or "" (a finished run removes its checkpoint).
  public var checkpoint: String
  /// Whether every epoch ran.
  public var finished: Bool
  /// Steps done in the whole run (including before a resume), and the run's steps.
  public var globalStep: Int
  public var totalSteps: Int
  /// The last (or current) epoch's mean loss and accuracy.
  public var loss: Double
  public var accuracy: Double
  /// The mean loss and accuracy of every finished epoch.
  public var epochLosses: [Double]
  public var epochAccuracies: [Double]
  /// Images trained on in this session, its wall time, and images per second.
  public var images: Int
  public var seconds: Double
  public var imagesPerSecond: Double
}
