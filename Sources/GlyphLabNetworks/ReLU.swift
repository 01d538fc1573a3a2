import GlyphLabCore

/// `max(0, x)`, elementwise.
public final class ReLU: Layer {
  private var cachedOutput: Tensor?

  /// A ReLU.
  public init() {}

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }
  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  /// - Complexity: O(n).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let output = Tensor(shape: input.shape) { out in
      input.values.withUnsafeBufferPointer { x in
        nonisolated(unsafe) let (x, out) = (x, out)
        Parallel.forEachChunk(count: x.count, minimumChunk: 16384) { range in
          for i in range { out[i] = max(0, x[i]) }
        }
      }
    }
    cachedOutput = mode == .training ? output : nil
    return output
  }

  /// Takes `output` as this ReLU's output for `mode`, computed by the layer before it
  /// (``Sequential`` folds a ReLU into the batch norm before it).
  func adopt(output: Tensor, mode: ForwardMode) {
    cachedOutput = mode == .training ? output : nil
  }

  /// The output of the last training forward pass, which ``backward(_:needsInputGradient:)``
  /// masks with.
  var trainingOutput: Tensor? { cachedOutput }

  /// - Complexity: O(n).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let output = cachedOutput else { throw NetworkError.backwardWithoutForward(layer: "ReLU") }
    guard outputGradient.shape == output.shape else {
      throw NetworkError.shape(layer: "ReLU", detail: "output gradient shape \(outputGradient.shape) ≠ \(output.shape)")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    return Tensor(shape: output.shape) { out in
      output.values.withUnsafeBufferPointer { y in
        outputGradient.values.withUnsafeBufferPointer { dy in
          nonisolated(unsafe) let (y, dy, out) = (y, dy, out)
          Parallel.forEachChunk(count: y.count, minimumChunk: 16384) { range in
            for i in range {
              // Both loads unconditional, so the loop vectorises to a select.
              let g = dy[i]
              out[i] = y[i] > 0 ? g : 0
            }
          }
        }
      }
    }
  }
}
