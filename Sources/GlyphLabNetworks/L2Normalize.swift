/// Scales each row of an `N × D` batch to unit Euclidean norm: `y = x / max(‖x‖, ε)`
/// (PyTorch's `F.normalize`, ε = 1e-12).
public final class L2Normalize: Layer {
  public let epsilon: Float
  private var cache: (input: Tensor, norms: [Float])?

  /// An L2 normalisation.
  public init(epsilon: Float = 1e-12) { self.epsilon = epsilon }

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 2 else {
      throw NetworkError.shape(layer: "L2Normalize", detail: "input shape \(inputShape) is not N×D")
    }
    return inputShape
  }

  /// - Complexity: O(N·D).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    _ = try outputShape(for: input.shape)
    let (n, d) = (input.shape[0], input.shape[1])
    var norms = [Float](repeating: 0, count: n)
    var output = input
    for i in 0..<n {
      var sum: Float = 0
      for j in 0..<d { sum += input.values[i * d + j] * input.values[i * d + j] }
      norms[i] = max(sum.squareRoot(), epsilon)
      for j in 0..<d { output.values[i * d + j] /= norms[i] }
    }
    cache = mode == .training ? (input, norms) : nil
    return output
  }

  /// `dx = (dy − y · (y·dy)) / ‖x‖` (for rows with ‖x‖ > ε; `dy / ε` otherwise).
  ///
  /// - Complexity: O(N·D).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let (input, norms) = cache else { throw NetworkError.backwardWithoutForward(layer: "L2Normalize") }
    guard outputGradient.shape == input.shape else {
      throw NetworkError.shape(
        layer: "L2Normalize", detail: "output gradient shape \(outputGradient.shape) ≠ \(input.shape)")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let (n, d) = (input.shape[0], input.shape[1])
    var result = outputGradient
    for i in 0..<n {
      let norm = norms[i]
      if norm <= epsilon {
        for j in 0..<d { result.values[i * d + j] /= norm }
        continue
      }
      var dot: Float = 0
      for j in 0..<d { dot += input.values[i * d + j] * outputGradient.values[i * d + j] }
      let projection = dot / (norm * norm)
      for j in 0..<d {
        result.values[i * d + j] = (outputGradient.values[i * d + j] - input.values[i * d + j] * projection) / norm
      }
    }
    return result
  }
}
