import Foundation

/// A learning rate as a function of the step (or epoch: the caller chooses the unit and
/// counts from 0).
public protocol LearningRateSchedule: Sendable {
  /// The learning rate at `step` (0-based).
  func learningRate(at step: Int) -> Float
}

/// A constant rate.
public struct ConstantSchedule: LearningRateSchedule {
  public let rate: Float
  /// A constant `rate`.
  public init(rate: Float) { self.rate = rate }
  public func learningRate(at step: Int) -> Float { rate }
}

/// `base · gamma^⌊step / stepSize⌋` (PyTorch's `StepLR`).
public struct StepSchedule: LearningRateSchedule {
  public let baseRate: Float
  public let stepSize: Int
  public let gamma: Float

  /// A step decay by `gamma` every `stepSize` steps.
  public init(baseRate: Float, stepSize: Int, gamma: Float = 0.1) throws {
    guard baseRate > 0, stepSize > 0, gamma > 0 else {
      throw NetworkError.invalidArgument(
        name: "StepSchedule", value: "base \(baseRate), step size \(stepSize), gamma \(gamma)",
        reason: "all must be positive")
    }
    self.baseRate = baseRate
    self.stepSize = stepSize
    self.gamma = gamma
  }

  public func learningRate(at step: Int) -> Float {
    var rate = baseRate
    for _ in 0..<(max(0, step) / stepSize) { rate *= gamma }
    return rate
  }
}

/// Cosine annealing from `baseRate` at step 0 to `minimumRate` at `totalSteps` and after
/// (PyTorch's `CosineAnnealingLR` closed form):
/// `min + (base − min) · (1 + cos(π · step / total)) / 2`.
public struct CosineSchedule: LearningRateSchedule {
  public let baseRate: Float
  public let totalSteps: Int
  public let minimumRate: Float

  /// A cosine decay over `totalSteps`.
  public init(baseRate: Float, totalSteps: Int, minimumRate: Float = 0) throws {
    guard baseRate > 0, totalSteps > 0, minimumRate >= 0, minimumRate <= baseRate else {
      throw NetworkError.invalidArgument(
        name: "CosineSchedule", value: "base \(baseRate), steps \(totalSteps), minimum \(minimumRate)",
        reason: "base and steps must be positive, 0 ≤ minimum ≤ base")
    }
    self.baseRate = baseRate
    self.totalSteps = totalSteps
    self.minimumRate = minimumRate
  }

  public func learningRate(at step: Int) -> Float {
    let t = Double(min(max(0, step), totalSteps)) / Double(totalSteps)
    let cosine = (1 + Double.cosinePi(t)) / 2
    return minimumRate + (baseRate - minimumRate) * Float(cosine)
  }
}

extension Double {
  /// cos(π·x), exact at the ends of [0, 1].
  static func cosinePi(_ x: Double) -> Double {
    if x <= 0 { return 1 }
    if x >= 1 { return -1 }
    return Foundation.cos(Double.pi * x)
  }
}

/// A linear warm-up over `warmupSteps` from `startFactor · rate` to the rate of the
/// schedule that follows, which then runs from its own step 0:
/// `step < warmup: after(0) · (start + (1 − start) · step / warmup)`, else `after(step − warmup)`.
public struct WarmupSchedule: LearningRateSchedule {
  public let warmupSteps: Int
  public let startFactor: Float
  public let after: any LearningRateSchedule

  /// A warm-up in front of `after`.
  public init(warmupSteps: Int, startFactor: Float = 0, then after: any LearningRateSchedule) throws {
    guard warmupSteps >= 0, startFactor >= 0, startFactor <= 1 else {
      throw NetworkError.invalidArgument(
        name: "WarmupSchedule", value: "steps \(warmupSteps), start factor \(startFactor)",
        reason: "steps must be non-negative and the start factor in [0, 1]")
    }
    self.warmupSteps = warmupSteps
    self.startFactor = startFactor
    self.after = after
  }

  public func learningRate(at step: Int) -> Float {
    if step < warmupSteps {
      let factor = startFactor + (1 - startFactor) * Float(max(0, step)) / Float(warmupSteps)
      return after.learningRate(at: 0) * factor
    }
    return after.learningRate(at: step - warmupSteps)
  }
}
