/// The optimiser of a training run (`optimizer:` in a training spec).
public enum OptimizerSettings: Sendable, Equatable {
  /// SGD with (optionally Nesterov) momentum and L2 weight decay.
  case sgd(learningRate: Float, momentum: Float, weightDecay: Float, nesterov: Bool)
  /// Adam (Kingma & Ba), with L2 weight decay added to the gradient as in PyTorch's `Adam`.
  case adam(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float)

  /// The names of the kinds, as a spec spells them.
  public enum Kind: String, Sendable, CaseIterable {
    case sgd
    case adam
  }

  /// The base learning rate (before the schedule).
  public var learningRate: Float {
    switch self {
    case .sgd(let rate, _, _, _), .adam(let rate, _, _, _, _): return rate
    }
  }
}
