import GlyphLabCore

/// Stochastic gradient descent with momentum and weight decay, as PyTorch's `optim.SGD`:
/// `g = ∇ + λ·p`; `b = g` on the first step, then `b = μ·b + (1 − dampening)·g`;
/// `p -= lr · (nesterov ? g + μ·b : b)`.
public final class SGD: Optimizer {
  public var learningRate: Float
  public let momentum: Float
  public let weightDecay: Float
  public let dampening: Float
  public let nesterov: Bool
  public let parameters: [Parameter]
  private var buffers: [Tensor]
  private var started: [Bool]

  /// An SGD optimiser over `parameters` (frozen ones are skipped at each step).
  public init(
    parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0,
    dampening: Float = 0, nesterov: Bool = false
  ) throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw NetworkError.invalidArgument(name: "SGD.learningRate", value: "\(learningRate)", reason: "must be positive")
    }
    guard momentum >= 0, weightDecay >= 0, dampening >= 0 else {
      throw NetworkError.invalidArgument(
        name: "SGD", value: "momentum \(momentum), weight decay \(weightDecay), dampening \(dampening)",
        reason: "must be non-negative")
    }
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.dampening = dampening
    self.nesterov = nesterov
    buffers = parameters.map { _ in Tensor(shape: [0]) }
    started = Array(repeating: false, count: parameters.count)
  }

  /// - Complexity: O(number of scalars).
  public func step() throws {
    let lr = learningRate
    for (index, p) in parameters.enumerated() where p.isTrainable {
      let count = p.value.count
      let first = !started[index]
      if momentum != 0 && first {
        buffers[index] = Tensor(shape: p.value.shape)
        started[index] = true
      }
      let (momentum, weightDecay, dampening, nesterov) = (momentum, weightDecay, dampening, nesterov)
      p.value.values.withUnsafeMutableBufferPointer { w in
        p.gradient.values.withUnsafeBufferPointer { grad in
          nonisolated(unsafe) let (w, grad) = (w, grad)
          if momentum == 0 {
            Parallel.forEachChunk(count: count, minimumChunk: 16_384) { range in
              for i in range { w[i] -= lr * (grad[i] + weightDecay * w[i]) }
            }
            return
          }
          buffers[index].values.withUnsafeMutableBufferPointer { b in
            nonisolated(unsafe) let b = b
            // Elementwise, so the chunks and threads do not change the result.
            Parallel.forEachChunk(count: count, minimumChunk: 16_384) { range in
              for i in range {
                let g = weightDecay == 0 ? grad[i] : grad[i] + weightDecay * w[i]
                b[i] = first ? g : momentum * b[i] + (1 - dampening) * g
                w[i] -= lr * (nesterov ? g + momentum * b[i] : b[i])
              }
            }
          }
        }
      }
    }
  }

  /// `momentum_buffer.<parameter name>` for each parameter that has one.
  public var state: [String: Tensor] {
    var out = [String: Tensor]()
    for (index, p) in parameters.enumerated() where started[index] { out["momentum_buffer.\(p.name)"] = buffers[index] }
    return out
  }

  public func loadState(_ state: [String: Tensor]) throws {
    for (index, p) in parameters.enumerated() {
      guard let b = state["momentum_buffer.\(p.name)"] else {
        buffers[index] = Tensor(shape: [0])
        started[index] = false
        continue
      }
      guard b.shape == p.value.shape else {
        throw NetworkError.shape(
          layer: "SGD", detail: "momentum buffer of \(p.name) has shape \(b.shape), the parameter \(p.value.shape)")
      }
      buffers[index] = b
      started[index] = true
    }
  }
}
