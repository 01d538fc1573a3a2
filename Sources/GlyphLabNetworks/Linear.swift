import GlyphLabCore

/// `y = x · Wᵀ + b` on `N × in` batches (PyTorch's `nn.Linear`): `weight` is `out × in`,
/// `bias` is `out`, both initialised uniform in ±1/√in as in PyTorch.
public final class Linear: Layer {
  public let inputFeatures: Int
  public let outputFeatures: Int
  public let weight: Parameter
  public let bias: Parameter?
  private var cachedInput: Tensor?

  /// A linear layer with weights drawn from `generator`.
  public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, generator: SeededGenerator) throws {
    guard inputFeatures > 0, outputFeatures > 0 else {
      throw NetworkError.invalidArgument(
        name: "Linear", value: "\(inputFeatures)→\(outputFeatures)", reason: "feature counts must be positive")
    }
    self.inputFeatures = inputFeatures
    self.outputFeatures = outputFeatures
    let bound = 1 / Double(inputFeatures).squareRoot()
    weight = Parameter(
      name: "weight",
      value: Initialization.uniform(
        shape: [outputFeatures, inputFeatures], bound: bound, generator: generator.derived("weight")))
    self.bias =
      bias
      ? Parameter(
        name: "bias",
        value: Initialization.uniform(shape: [outputFeatures], bound: bound, generator: generator.derived("bias")))
      : nil
  }

  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 2, inputShape[0] > 0, inputShape[1] == inputFeatures else {
      throw NetworkError.shape(
        layer: "Linear(\(inputFeatures)→\(outputFeatures))",
        detail: "input shape \(inputShape) is not N×\(inputFeatures)")
    }
    return [inputShape[0], outputFeatures]
  }

  /// The products run on every core and give the same result whatever the thread count
  /// (`BLAS.sgemm` cuts them by shape).
  ///
  /// - Complexity: O(N·in·out).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let n = shape[0]
    cachedInput = mode == .training ? input : nil
    let (inF, outF) = (inputFeatures, outputFeatures)
    return Tensor(shape: shape) { out in
      if let bias {
        for i in 0..<n {
          for j in 0..<outF { out[i * outF + j] = bias.value.values[j] }
        }
      }
      input.values.withUnsafeBufferPointer { x in
        weight.value.values.withUnsafeBufferPointer { w in
          BLAS.sgemm(
            .none, .transposed, m: n, n: outF, k: inF, x.baseAddress!, lda: inF, w.baseAddress!, ldb: inF,
            beta: bias == nil ? 0 : 1, out.baseAddress!, ldc: outF)
        }
      }
    }
  }

  /// - Complexity: O(N·in·out).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let input = cachedInput else {
      throw NetworkError.backwardWithoutForward(layer: "Linear(\(inputFeatures)→\(outputFeatures))")
    }
    let n = input.shape[0]
    guard outputGradient.shape == [n, outputFeatures] else {
      throw NetworkError.shape(
        layer: "Linear(\(inputFeatures)→\(outputFeatures))",
        detail: "output gradient shape \(outputGradient.shape) ≠ [\(n), \(outputFeatures)]")
    }
    let (inF, outF) = (inputFeatures, outputFeatures)
    outputGradient.values.withUnsafeBufferPointer { dy in
      input.values.withUnsafeBufferPointer { x in
        weight.gradient.values.withUnsafeMutableBufferPointer { dw in
          BLAS.sgemm(
            .transposed, .none, m: outF, n: inF, k: n, dy.baseAddress!, lda: outF, x.baseAddress!, ldb: inF,
            beta: 1, dw.baseAddress!, ldc: inF)
        }
      }
      if let bias {
        for j in 0..<outF {
          var sum: Float = 0
          for i in 0..<n { sum += dy[i * outF + j] }
          bias.gradient.values[j] += sum
        }
      }
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    return Tensor(shape: input.shape) { dx in
      outputGradient.values.withUnsafeBufferPointer { dy in
        weight.value.values.withUnsafeBufferPointer { w in
          BLAS.sgemm(
            .none, .none, m: n, n: inF, k: outF, dy.baseAddress!, lda: outF, w.baseAddress!, ldb: inF,
            dx.baseAddress!, ldc: inF)
        }
      }
    }
  }
}
