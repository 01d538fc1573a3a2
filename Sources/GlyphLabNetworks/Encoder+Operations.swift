extension Encoder {
  /// Floating-point operations (2 per multiply-add) of the convolutions and linear layers
  /// for a batch of `batch` images: one inference forward pass, and one training step
  /// (forward, weight gradients, and input gradients of every layer but the first).
  /// Element-wise layers are not counted.
  ///
  /// - Complexity: O(layers).
  public func floatingPointOperations(batch: Int) throws -> (inference: Double, training: Double) {
    var forward = 0.0
    var backward = 0.0
    var first = true
    func visit(_ layer: any Layer, _ shape: [Int]) throws -> [Int] {
      let out = try layer.outputShape(for: shape)
      switch layer {
      case let sequential as Sequential:
        var s = shape
        for child in sequential.layers { s = try visit(child, s) }
      case let residual as Residual:
        _ = try visit(residual.main, shape)
        if let shortcut = residual.shortcut { _ = try visit(shortcut, shape) }
      case let conv as Conv2D:
        let macs = Double(out.reduce(1, *)) * Double(conv.inputChannels * conv.kernelSize * conv.kernelSize)
        forward += 2 * macs
        backward += 2 * macs * (first ? 1 : 2)
        first = false
      case let linear as Linear:
        let macs = Double(out[0]) * Double(linear.inputFeatures * linear.outputFeatures)
        forward += 2 * macs
        backward += 2 * macs * (first ? 1 : 2)
        first = false
      default:
        break
      }
      return out
    }
    _ = try visit(network, [batch] + inputShape)
    return (forward, forward + backward)
  }
}
