import GlyphLabNetworks

extension OptimizerSettings {
  /// The optimiser over `parameters`.
  func optimizer(over parameters: [Parameter]) throws -> any Optimizer {
    switch self {
    case .sgd(let rate, let momentum, let decay, let nesterov):
      return try SGD(
        parameters: parameters, learningRate: rate, momentum: momentum, weightDecay: decay, nesterov: nesterov)
    case .adam(let rate, let beta1, let beta2, let epsilon, let decay):
      return try Adam(
        parameters: parameters, learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: decay)
    }
  }
}
