/// The mean of each channel over the image: `N × C × H × W → N × C`.
public final class GlobalAvgPool: Layer {
  private var cachedInputShape: [Int]?

  /// A global average pool.
  public init() {}

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4, inputShape.allSatisfy({ $0 > 0 }) else {
      throw NetworkError.shape(layer: "GlobalAvgPool", detail: "input shape \(inputShape) is not N×C×H×W")
    }
    return [inputShape[0], inputShape[1]]
  }

  /// - Complexity: O(N·C·H·W).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let plane = input.shape[2] * input.shape[3]
    cachedInputShape = mode == .training ? input.shape : nil
    let scale = 1 / Float(plane)
    return Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        for row in 0..<(shape[0] * shape[1]) {
          out[row] = VectorKernels.sum(x.baseAddress! + row * plane, plane) * scale
        }
      }
    }
  }

  /// - Complexity: O(N·C·H·W).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let inputShape = cachedInputShape else { throw NetworkError.backwardWithoutForward(layer: "GlobalAvgPool") }
    guard outputGradient.shape == [inputShape[0], inputShape[1]] else {
      throw NetworkError.shape(
        layer: "GlobalAvgPool", detail: "output gradient shape \(outputGradient.shape) ≠ \(inputShape.prefix(2))")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let plane = inputShape[2] * inputShape[3]
    let scale = 1 / Float(plane)
    return Tensor(shape: inputShape) { out in
      outputGradient.values.withUnsafeBufferPointer { dy in
        for row in 0..<dy.count {
          let g = dy[row] * scale
          for i in 0..<plane { out[row * plane + i] = g }
        }
      }
    }
  }
}
