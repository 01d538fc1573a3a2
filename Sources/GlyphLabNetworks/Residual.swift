/// `y = main(x) + shortcut(x)`, with the identity as the default shortcut (a ResNet block
/// without its final ReLU). Tensors are named `"main.<name>"` and `"shortcut.<name>"`.
public final class Residual: Layer {
  public let main: any Layer
  public let shortcut: (any Layer)?

  /// A residual connection around `main`, with a projection `shortcut` or the identity.
  public init(main: any Layer, shortcut: (any Layer)? = nil) {
    self.main = main
    self.shortcut = shortcut
    for p in main.parameters + main.buffers { p.prefixName("main") }
    if let shortcut { for p in shortcut.parameters + shortcut.buffers { p.prefixName("shortcut") } }
  }

  public var parameters: [Parameter] { main.parameters + (shortcut?.parameters ?? []) }
  public var buffers: [Parameter] { main.buffers + (shortcut?.buffers ?? []) }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    let a = try main.outputShape(for: inputShape)
    let b = try shortcut?.outputShape(for: inputShape) ?? inputShape
    guard a == b else {
      throw NetworkError.shape(layer: "Residual", detail: "main gives \(a) but the shortcut gives \(b)")
    }
    return a
  }

  /// - Complexity: the sum of both branches' plus O(n).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    var y = try main.forward(input, mode: mode)
    let s = try shortcut?.forward(input, mode: mode) ?? input
    guard y.shape == s.shape else {
      throw NetworkError.shape(layer: "Residual", detail: "main gives \(y.shape) but the shortcut gives \(s.shape)")
    }
    y.values.withUnsafeMutableBufferPointer { yv in
      s.values.withUnsafeBufferPointer { sv in
        for i in yv.indices { yv[i] += sv[i] }
      }
    }
    return y
  }

  /// - Complexity: the sum of both branches' plus O(n).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    var g = try main.backward(outputGradient, needsInputGradient: needsInputGradient)
    if let shortcut {
      let gs = try shortcut.backward(outputGradient, needsInputGradient: needsInputGradient)
      guard needsInputGradient else { return g }
      g.values.withUnsafeMutableBufferPointer { gv in
        gs.values.withUnsafeBufferPointer { sv in
          for i in gv.indices { gv[i] += sv[i] }
        }
      }
    } else if needsInputGradient {
      g.values.withUnsafeMutableBufferPointer { gv in
        outputGradient.values.withUnsafeBufferPointer { sv in
          for i in gv.indices { gv[i] += sv[i] }
        }
      }
    }
    return g
  }
}
