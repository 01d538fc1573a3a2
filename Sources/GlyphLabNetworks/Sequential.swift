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
    try forward(input, mode: mode, layers: layers.count)
  }

  /// The output of the first `count` layers (e.g. every layer but the last: an encoder's
  /// trunk), with a batch norm and the ReLU after it run as one pass, as
  /// ``forward(_:mode:)`` does.
  ///
  /// - Complexity: the sum of those layers'.
  public func forward(_ input: Tensor, mode: ForwardMode, layers count: Int) throws -> Tensor {
    let count = min(max(0, count), layers.count)
    var x = input
    var i = 0
    while i < count {
      if i + 1 < count, let (norm, relu) = rectifiedNorm(at: i) {
        x = try norm.forward(x, mode: mode, rectified: true)
        relu.adopt(output: x, mode: mode)
        i += 2
      } else {
        x = try layers[i].forward(x, mode: mode)
        i += 1
      }
    }
    return x
  }

  /// - Complexity: the sum of the layers'.
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    var g = outputGradient
    var i = layers.count - 1
    while i >= 0 {
      if i > 0, let (norm, relu) = rectifiedNorm(at: i - 1), let y = relu.trainingOutput {
        g = try norm.backward(g, needsInputGradient: i - 1 > 0 || needsInputGradient, rectifiedOutput: y)
        i -= 2
      } else {
        g = try layers[i].backward(g, needsInputGradient: i > 0 || needsInputGradient)
        i -= 1
      }
    }
    return g
  }

  /// The batch norm at `index` and the ReLU right after it, which run as one pass each way
  /// (a memory-bound pass over the activations fewer in both directions); the values are
  /// exactly those of the two layers run one after the other.
  private func rectifiedNorm(at index: Int) -> (BatchNorm2D, ReLU)? {
    guard index + 1 < layers.count, let norm = layers[index] as? BatchNorm2D, let relu = layers[index + 1] as? ReLU
    else { return nil }
    return (norm, relu)
  }
}
