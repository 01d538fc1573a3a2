import GlyphLabCore

/// Average pooling over NCHW batches (PyTorch's `nn.AvgPool2d` without padding, floor mode).
public final class AvgPool2D: Layer {
  private let window: PoolingWindow
  /// The window's side, in pixels.
  public var kernelSize: Int { window.size }
  /// The step between windows, in pixels.
  public var stride: Int { window.stride }
  private var cachedInputShape: [Int]?

  /// An average pool; `stride` defaults to the kernel size.
  public init(kernelSize: Int = 2, stride: Int? = nil) throws {
    window = try PoolingWindow(layer: "AvgPool2D", size: kernelSize, stride: stride)
  }

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    try window.outputShape(for: inputShape)
  }

  /// - Complexity: O(N·C·Ho·Wo·k²).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let (h, w, ho, wo) = (input.shape[2], input.shape[3], shape[2], shape[3])
    let k = kernelSize
    let s = stride
    let scale = 1 / Float(k * k)
    cachedInputShape = mode == .training ? input.shape : nil
    return Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        nonisolated(unsafe) let (x, out) = (x, out)
        Parallel.forEachChunk(count: shape[0] * shape[1], minimumChunk: max(1, 4096 / (h * w))) { range in
          for plane in range {
            for oy in 0..<ho {
              for ox in 0..<wo {
                var sum: Float = 0
                for ki in 0..<k {
                  for kj in 0..<k { sum += x[plane * h * w + (oy * s + ki) * w + ox * s + kj] }
                }
                out[plane * ho * wo + oy * wo + ox] = sum * scale
              }
            }
          }
        }
      }
    }
  }

  /// - Complexity: O(N·C·Ho·Wo·k²).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let inputShape = cachedInputShape else {
      throw NetworkError.backwardWithoutForward(layer: "AvgPool2D(\(kernelSize))")
    }
    let shape = try outputShape(for: inputShape)
    guard outputGradient.shape == shape else {
      throw NetworkError.shape(
        layer: "AvgPool2D(\(kernelSize))", detail: "output gradient shape \(outputGradient.shape) ≠ \(shape)")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let (h, w, ho, wo) = (inputShape[2], inputShape[3], shape[2], shape[3])
    let k = kernelSize
    let s = stride
    let scale = 1 / Float(k * k)
    var result = Tensor(shape: inputShape)
    result.values.withUnsafeMutableBufferPointer { dx in
      outputGradient.values.withUnsafeBufferPointer { dy in
        nonisolated(unsafe) let (dx, dy) = (dx, dy)
        Parallel.forEachChunk(count: shape[0] * shape[1], minimumChunk: max(1, 4096 / (h * w))) { range in
          for plane in range {
            for oy in 0..<ho {
              for ox in 0..<wo {
                let g = dy[plane * ho * wo + oy * wo + ox] * scale
                for ki in 0..<k {
                  for kj in 0..<k { dx[plane * h * w + (oy * s + ki) * w + ox * s + kj] += g }
                }
              }
            }
          }
        }
      }
    }
    return result
  }
}
