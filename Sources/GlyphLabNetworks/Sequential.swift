/// Layers applied in order (PyTorch's `nn.Sequential`); the backward pass runs them in
/// reverse. Layer `i`'s tensors are named `"i.<name>"`.
public final class Sequential: Layer {
  /// The layers, in order.
  public let layers: [any Layer]

  /// A sequence of `layers`; their tensors are renamed with their index as prefix.
  public init(_ layers: [any Layer]) {
    self.layers = layers
    for (i, layer) in layers.enumerated() {
      for p in layer.parameters + layer.buffers { p.prefixName("\(i)") }
    }
  }

  public var parameters: [Parameter] { layers.flatMap { $0.parameters } }
  public var buffers: [Parameter] { layers.flatMap { $0.buffers } }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    try layers.reduce(inputShape) { try $1.outputShape(for: $0) }
  }

  /// - Complexity: the sum of the layers'.
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    var x = input
    for layer in layers { x = try layer.forward(x, mode: mode) }
    return x
  }

  /// - Complexity: the sum of the layers'.
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    var g = outputGradient
    for (i, layer) in layers.enumerated().reversed() {
      g = try layer.backward(g, needsInputGradient: i > 0 || needsInputGradient)
    }
    return g
  }
}
