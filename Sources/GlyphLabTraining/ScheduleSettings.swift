import GlyphLabNetworks

/// How the learning rate changes over a training run (`schedule:` in a training spec): an
/// optional linear warm-up from zero, then the shape; ``schedule(baseRate:totalSteps:stepsPerEpoch:)``
/// turns it into a GlyphLabNetworks ``LearningRateSchedule`` over steps.
public struct ScheduleSettings: Sendable, Equatable {
  /// The shape after the warm-up.
  public enum Shape: Sendable, Equatable {
    /// The base rate throughout.
    case constant
    /// The rate times `gamma` after every `everyEpochs` epochs.
    case step(everyEpochs: Double, gamma: Float)
    /// Cosine annealing from the base rate to `minimum` × the base rate at the last step.
    case cosine(minimum: Float)
  }

  /// The names of the shapes, as a spec spells them.
  public enum Kind: String, Sendable, CaseIterable {
    case constant
    case step
    case cosine
  }

  /// The shape.
  public var shape: Shape
  /// Warm-up length in epochs (fractions allowed; 0 = none).
  public var warmupEpochs: Double

  /// A schedule of `shape` after `warmupEpochs` of linear warm-up.
  public init(shape: Shape, warmupEpochs: Double = 0) {
    self.shape = shape
    self.warmupEpochs = warmupEpochs
  }

  /// The schedule over steps (from 0) of a run of `totalSteps` with `stepsPerEpoch` steps per
  /// epoch. The rate is a pure function of the step, so a resumed run takes exactly the
  /// rates of an uninterrupted one.
  public func schedule(baseRate: Float, totalSteps: Int, stepsPerEpoch: Int) throws -> any LearningRateSchedule {
    let warmup = min(max(0, totalSteps - 1), Int((warmupEpochs * Double(stepsPerEpoch)).rounded()))
    let after: any LearningRateSchedule
    switch shape {
    case .constant:
      after = ConstantSchedule(rate: baseRate)
    case .step(let everyEpochs, let gamma):
      let every = max(1, Int((everyEpochs * Double(stepsPerEpoch)).rounded()))
      after = try StepSchedule(baseRate: baseRate, stepSize: every, gamma: gamma)
    case .cosine(let minimum):
      after = try CosineSchedule(
        baseRate: baseRate, totalSteps: max(1, totalSteps - warmup - 1), minimumRate: minimum * baseRate)
    }
    return warmup > 0 ? try WarmupSchedule(warmupSteps: warmup, then: after) : after
  }
}
