/// An optimiser (PyTorch's `torch.optim`): it updates the trainable parameters it was
/// given from their accumulated gradients. The training loop zeroes gradients, runs
/// forward and backward, then calls ``step()``.
public protocol Optimizer: AnyObject {
  /// The learning rate of the next step (set it from a ``LearningRateSchedule``).
  var learningRate: Float { get set }

  /// Updates every trainable parameter from its gradient.
  func step() throws

  /// The parameters this optimiser updates.
  var parameters: [Parameter] { get }

  /// The optimiser's state (momentum buffers, moments, step count) by name, for
  /// checkpoints.
  var state: [String: Tensor] { get }

  /// Restores a ``state`` saved from an optimiser of the same kind over the same parameters.
  func loadState(_ state: [String: Tensor]) throws
}

extension Optimizer {
  /// Sets every parameter's gradient to zero.
  public func zeroGradients() {
    for p in parameters { p.zeroGradient() }
  }
}
