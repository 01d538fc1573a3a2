import Foundation

/// Adam (Kingma & Ba), as PyTorch's `optim.Adam` without amsgrad: `g = ∇ + λ·p`,
/// `m = β1·m + (1−β1)·g`, `v = β2·v + (1−β2)·g²`,
/// `p -= lr / (1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)`.
public final class Adam: Optimizer {
  public var learningRate: Float
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  public let weightDecay: Float
  public let parameters: [Parameter]
  /// Steps taken so far.
  public private(set) var stepCount = 0
  private var first: [Tensor]
  private var second: [Tensor]

  /// An Adam optimiser over `parameters` (frozen ones are skipped at each step).
  public init(
    parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0
  ) throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw NetworkError.invalidArgument(
        name: "Adam.learningRate", value: "\(learningRate)", reason: "must be positive")
    }
    guard (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0, weightDecay >= 0 else {
      throw NetworkError.invalidArgument(
        name: "Adam", value: "β1 \(beta1), β2 \(beta2), ε \(epsilon), weight decay \(weightDecay)",
        reason: "betas must be in [0, 1), ε positive, weight decay non-negative")
    }
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    first = parameters.map { Tensor(shape: $0.value.shape) }
    second = parameters.map { Tensor(shape: $0.value.shape) }
  }

  /// - Complexity: O(number of scalars).
  public func step() throws {
    stepCount += 1
    let t = Float(stepCount)
    let correction1 = 1 - Foundation.pow(beta1, t)
    let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
    let stepSize = learningRate / correction1
    for (index, p) in parameters.enumerated() where p.isTrainable {
      let count = p.value.count
      p.value.values.withUnsafeMutableBufferPointer { w in
        p.gradient.values.withUnsafeBufferPointer { grad in
          first[index].values.withUnsafeMutableBufferPointer { m in
            second[index].values.withUnsafeMutableBufferPointer { v in
              for i in 0..<count {
                let g = weightDecay == 0 ? grad[i] : grad[i] + weightDecay * w[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                w[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2Root + epsilon)
              }
            }
          }
        }
      }
    }
  }

  /// `exp_avg.<name>`, `exp_avg_sq.<name>` and `step` (a one-element tensor).
  public var state: [String: Tensor] {
    var out = ["step": Tensor(uncheckedShape: [1], values: [Float(stepCount)])]
    for (index, p) in parameters.enumerated() {
      out["exp_avg.\(p.name)"] = first[index]
      out["exp_avg_sq.\(p.name)"] = second[index]
    }
    return out
  }

  public func loadState(_ state: [String: Tensor]) throws {
    guard let step = state["step"]?.values.first, step >= 0 else {
      throw NetworkError.invalidArgument(name: "Adam state", value: "step", reason: "missing")
    }
    var m = first
    var v = second
    for (index, p) in parameters.enumerated() {
      guard let a = state["exp_avg.\(p.name)"], let b = state["exp_avg_sq.\(p.name)"],
        a.shape == p.value.shape, b.shape == p.value.shape
      else {
        throw NetworkError.invalidArgument(
          name: "Adam state", value: p.name, reason: "moments missing or of the wrong shape")
      }
      m[index] = a
      v[index] = b
    }
    first = m
    second = v
    stepCount = Int(step)
  }
}
