/// A network layer (PyTorch's `nn.Module`): it owns its parameters and computes its
/// forward and backward passes.
///
/// `forward(_:mode: .training)` keeps what `backward` needs; `backward` returns the gradient
/// with respect to the last training input and *adds* the parameter gradients into each
/// ``Parameter/gradient`` (call ``zeroGradients()`` between steps). Layers are classes with
/// state, so one instance is used by one training loop at a time.
public protocol Layer: AnyObject {
  /// Computes the layer's output for a batch.
  func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor

  /// Back-propagates `outputGradient` (the loss gradient with respect to the last training
  /// forward pass's output), accumulating parameter gradients. Returns the input gradient,
  /// or an empty tensor (shape `[0]`) when `needsInputGradient` is false (the first layer of
  /// a network), which skips that work.
  func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor

  /// The output shape for an input of `inputShape` (batch included); throws if the input
  /// does not fit the layer.
  func outputShape(for inputShape: [Int]) throws -> [Int]

  /// The learnable tensors, in a fixed order.
  var parameters: [Parameter] { get }

  /// The non-learnt state tensors (e.g. running statistics), in a fixed order.
  var buffers: [Parameter] { get }
}

extension Layer {
  /// Back-propagates and returns the input gradient.
  public func backward(_ outputGradient: Tensor) throws -> Tensor {
    try backward(outputGradient, needsInputGradient: true)
  }

  /// Sets every parameter gradient to zero.
  public func zeroGradients() {
    for p in parameters { p.zeroGradient() }
  }

  /// Parameters then buffers: every tensor of the layer's state, by name.
  public var stateTensors: [Parameter] { parameters + buffers }

  /// The number of learnable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
