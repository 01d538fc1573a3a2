import GlyphLabCore

/// Max pooling over NCHW batches (PyTorch's `nn.MaxPool2d` without padding, floor mode):
/// a `kernelSize × kernelSize` window every `stride` pixels. Ties go to the first maximum in
/// row-major window order, as in PyTorch.
public final class MaxPool2D: Layer {
  public let kernelSize: Int
  public let stride: Int
  private var cache: (inputShape: [Int], argmax: [Int32])?

  /// A max pool; `stride` defaults to the kernel size.
  public init(kernelSize: Int = 2, stride: Int? = nil) throws {
    guard kernelSize > 0, (stride ?? kernelSize) > 0 else {
      throw NetworkError.invalidArgument(
        name: "MaxPool2D", value: "kernel \(kernelSize), stride \(stride ?? kernelSize)", reason: "must be positive")
    }
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
  }

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4, inputShape[2] >= kernelSize, inputShape[3] >= kernelSize else {
      throw NetworkError.shape(
        layer: "MaxPool2D(\(kernelSize))", detail: "input shape \(inputShape) is not N×C×H×W with H, W ≥ \(kernelSize)")
    }
    return [
      inputShape[0], inputShape[1], (inputShape[2] - kernelSize) / stride + 1,
      (inputShape[3] - kernelSize) / stride + 1,
    ]
  }

  /// - Complexity: O(N·C·Ho·Wo·k²).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let (h, w, ho, wo) = (input.shape[2], input.shape[3], shape[2], shape[3])
    let planes = shape[0] * shape[1]
    let k = kernelSize
    let s = stride
    let training = mode == .training
    var argmax = [Int32](repeating: 0, count: training ? planes * ho * wo : 0)
    let output = Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        argmax.withUnsafeMutableBufferPointer { am in
          nonisolated(unsafe) let (x, out, am) = (x, out, am)
          Parallel.forEachChunk(count: planes, minimumChunk: max(1, 4096 / (h * w))) { range in
            for plane in range {
              let src = plane * h * w
              let dst = plane * ho * wo
              for oy in 0..<ho {
                for ox in 0..<wo {
                  var best = -Float.infinity
                  var bestIndex = (oy * s) * w + ox * s
                  for ki in 0..<k {
                    let row = (oy * s + ki) * w + ox * s
                    for kj in 0..<k {
                      let v = x[src + row + kj]
                      if v > best || v.isNaN {
                        best = v
                        bestIndex = row + kj
                      }
                    }
                  }
                  out[dst + oy * wo + ox] = best
                  if training { am[dst + oy * wo + ox] = Int32(bestIndex) }
                }
              }
            }
          }
        }
      }
    }
    cache = training ? (input.shape, argmax) : nil
    return output
  }

  /// - Complexity: O(N·C·H·W).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let (inputShape, argmax) = cache else {
      throw NetworkError.backwardWithoutForward(layer: "MaxPool2D(\(kernelSize))")
    }
    let shape = try outputShape(for: inputShape)
    guard outputGradient.shape == shape else {
      throw NetworkError.shape(
        layer: "MaxPool2D(\(kernelSize))", detail: "output gradient shape \(outputGradient.shape) ≠ \(shape)")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let inPlane = inputShape[2] * inputShape[3]
    let outPlane = shape[2] * shape[3]
    var result = Tensor(shape: inputShape)
    result.values.withUnsafeMutableBufferPointer { dx in
      outputGradient.values.withUnsafeBufferPointer { dy in
        argmax.withUnsafeBufferPointer { am in
          nonisolated(unsafe) let (dx, dy, am) = (dx, dy, am)
          Parallel.forEachChunk(count: shape[0] * shape[1], minimumChunk: max(1, 4096 / inPlane)) { range in
            for plane in range {
              for i in 0..<outPlane {
                dx[plane * inPlane + Int(am[plane * outPlane + i])] += dy[plane * outPlane + i]
              }
            }
          }
        }
      }
    }
    return result
  }
}
