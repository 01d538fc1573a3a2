import Foundation

/// How the learning rate changes over a training run (`schedule:` in a training spec): an
/// optional linear warm-up from zero over `warmupSteps`, then the shape.
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

  /// The multiplier of the base rate at `step` (0-based) of `totalSteps`, with
  /// `stepsPerEpoch` steps per epoch. A pure function of its arguments, so a resumed run
  /// takes exactly the rates of an uninterrupted one.
  public func factor(step: Int, totalSteps: Int, stepsPerEpoch: Int) -> Float {
    let warmup = Int((warmupEpochs * Double(stepsPerEpoch)).rounded())
    if step < warmup { return Float(step + 1) / Float(warmup) }
    switch shape {
    case .constant:
      return 1
    case .step(let everyEpochs, let gamma):
      let every = max(1, Int((everyEpochs * Double(stepsPerEpoch)).rounded()))
      return Float(pow(Double(gamma), Double(step / every)))
    case .cosine(let minimum):
      let span = max(1, totalSteps - warmup - 1)
      let progress = Double(min(span, step - warmup)) / Double(span)
      let cosine = Float(0.5 * (1 + cos(Double.pi * progress)))
      return minimum + (1 - minimum) * cosine
    }
  }
}
