import GlyphLabCore

/// Batch normalisation over the channels of NCHW batches (PyTorch's `nn.BatchNorm2d`):
/// parameters `weight` (γ, ones) and `bias` (β, zeros); buffers `running_mean` (zeros) and
/// `running_var` (ones).
///
/// Training normalises with the batch mean and biased variance and updates the running
/// statistics as `running = (1 − momentum) · running + momentum · batch`, with the unbiased
/// variance `n / (n − 1) · var` (n = N·H·W), as PyTorch does. Inference uses the running
/// statistics.
public final class BatchNorm2D: Layer {
  public let channels: Int
  /// Weight of the newest batch in the running statistics (PyTorch's default 0.1).
  public let momentum: Float
  /// Added to the variance before the square root.
  public let epsilon: Float
  public let weight: Parameter
  public let bias: Parameter
  public let runningMean: Parameter
  public let runningVariance: Parameter

  private var cache: (input: Tensor, mean: [Float], inverseStd: [Float])?

  /// A batch norm over `channels` channels.
  public init(channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) throws {
    guard channels > 0, momentum >= 0, momentum <= 1, epsilon > 0 else {
      throw NetworkError.invalidArgument(
        name: "BatchNorm2D", value: "channels \(channels), momentum \(momentum), eps \(epsilon)",
        reason: "channels must be positive, momentum in [0, 1], epsilon positive")
    }
    self.channels = channels
    self.momentum = momentum
    self.epsilon = epsilon
    weight = Parameter(name: "weight", value: Tensor(shape: [channels], repeating: 1))
    bias = Parameter(name: "bias", value: Tensor(shape: [channels]))
    runningMean = Parameter(name: "running_mean", value: Tensor(shape: [channels]), isTrainable: false)
    runningVariance = Parameter(
      name: "running_var", value: Tensor(shape: [channels], repeating: 1), isTrainable: false)
  }

  public var parameters: [Parameter] { [weight, bias] }
  public var buffers: [Parameter] { [runningMean, runningVariance] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4 || inputShape.count == 2, inputShape[0] > 0, inputShape[1] == channels else {
      throw NetworkError.shape(
        layer: "BatchNorm2D(\(channels))", detail: "input shape \(inputShape) is not N×\(channels)×H×W")
    }
    return inputShape
  }

  /// - Complexity: O(N·C·H·W).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    try forward(input, mode: mode, rectified: false)
  }

  /// The forward pass, followed by `max(0, ·)` in the same pass over the output when
  /// `rectified` (``Sequential`` runs a batch norm and the ReLU after it this way, with the
  /// ReLU's values exactly as if it had run alone).
  ///
  /// - Complexity: O(N·C·H·W).
  func forward(_ input: Tensor, mode: ForwardMode, rectified: Bool) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let n = shape[0]
    let plane = shape.count == 4 ? shape[2] * shape[3] : 1
    let m = n * plane
    var mean = [Float](repeating: 0, count: channels)
    var inverseStd = [Float](repeating: 0, count: channels)
    if mode == .training {
      guard m > 1 else {
        throw NetworkError.shape(
          layer: "BatchNorm2D(\(channels))",
          detail: "training needs more than one value per channel, got shape \(shape)")
      }
      var variance = [Float](repeating: 0, count: channels)
      input.values.withUnsafeBufferPointer { x in
        mean.withUnsafeMutableBufferPointer { meanOut in
          variance.withUnsafeMutableBufferPointer { varOut in
            nonisolated(unsafe) let (x, meanOut, varOut) = (x, meanOut, varOut)
            Parallel.forEachChunk(count: channels, minimumChunk: 1) { range in
              for c in range {
                // One pass over shifted data (shift = the channel's first value), so the
                // variance keeps its precision when the mean is large.
                let shift = x[c * plane]
                var first: Double = 0
                var second: Double = 0
                for s in 0..<n {
                  let (a, b) = VectorKernels.shiftedMoments(
                    x.baseAddress! + (s * channels + c) * plane, plane, shift: shift)
                  first += Double(a)
                  second += Double(b)
                }
                let meanShift = first / Double(m)
                meanOut[c] = Float(Double(shift) + meanShift)
                varOut[c] = Float(max(0, second / Double(m) - meanShift * meanShift))
              }
            }
          }
        }
      }
      let unbias = Float(m) / Float(m - 1)
      for c in 0..<channels {
        inverseStd[c] = 1 / (variance[c] + epsilon).squareRoot()
        runningMean.value.values[c] = (1 - momentum) * runningMean.value.values[c] + momentum * mean[c]
        runningVariance.value.values[c] =
          (1 - momentum) * runningVariance.value.values[c] + momentum * variance[c] * unbias
      }
      cache = (input, mean, inverseStd)
    } else {
      for c in 0..<channels {
        mean[c] = runningMean.value.values[c]
        inverseStd[c] = 1 / (runningVariance.value.values[c] + epsilon).squareRoot()
      }
      cache = nil
    }
    let gamma = weight.value.values
    let beta = bias.value.values
    return Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        nonisolated(unsafe) let (x, out) = (x, out)
        Parallel.forEachChunk(count: n * channels, minimumChunk: max(1, 4096 / plane)) { range in
          for row in range {
            let c = row % channels
            let scale = gamma[c] * inverseStd[c]
            let shift = beta[c] - mean[c] * scale
            let base = row * plane
            VectorKernels.affine(
              x.baseAddress! + base, into: out.baseAddress! + base, plane, scale: scale, shift: shift,
              rectified: rectified)
          }
        }
      }
    }
  }

  /// - Complexity: O(N·C·H·W).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    try backward(outputGradient, needsInputGradient: needsInputGradient, rectifiedOutput: nil)
  }

  /// The backward pass of this batch norm followed by a ReLU whose output was
  /// `rectifiedOutput`: the gradient is masked where that output is not positive as it is
  /// read, instead of in a pass of its own. With `nil`, the plain backward pass.
  ///
  /// - Complexity: O(N·C·H·W).
  func backward(
    _ outputGradient: Tensor, needsInputGradient: Bool, rectifiedOutput: Tensor?
  ) throws -> Tensor {
    guard let (input, mean, inverseStd) = cache else {
      throw NetworkError.backwardWithoutForward(layer: "BatchNorm2D(\(channels))")
    }
    guard outputGradient.shape == input.shape else {
      throw NetworkError.shape(
        layer: "BatchNorm2D(\(channels))", detail: "output gradient shape \(outputGradient.shape) ≠ \(input.shape)")
    }
    if let rectifiedOutput, rectifiedOutput.shape != input.shape {
      throw NetworkError.shape(
        layer: "BatchNorm2D(\(channels))", detail: "ReLU output shape \(rectifiedOutput.shape) ≠ \(input.shape)")
    }
    // Without a ReLU the output gradient stands in as the mask's source, so every pointer
    // below is valid; `masked` decides whether it is read.
    let masked = rectifiedOutput != nil
    let maskSource = rectifiedOutput ?? outputGradient
    let shape = input.shape
    let n = shape[0]
    let plane = shape.count == 4 ? shape[2] * shape[3] : 1
    let m = Float(n * plane)
    var sumDy = [Float](repeating: 0, count: channels)
    var sumDyXhat = [Float](repeating: 0, count: channels)
    input.values.withUnsafeBufferPointer { x in
      outputGradient.values.withUnsafeBufferPointer { dy in
        maskSource.values.withUnsafeBufferPointer { y in
          sumDy.withUnsafeMutableBufferPointer { sd in
            sumDyXhat.withUnsafeMutableBufferPointer { sdx in
              nonisolated(unsafe) let (x, dy, y, sd, sdx) = (x, dy, y, sd, sdx)
              Parallel.forEachChunk(count: channels, minimumChunk: 1) { range in
                for c in range {
                  var a: Double = 0
                  var b: Double = 0
                  for s in 0..<n {
                    let base = (s * channels + c) * plane
                    let (pa, pb) = VectorKernels.gradientMoments(
                      dy.baseAddress! + base, maskedBy: masked ? y.baseAddress! + base : nil, x.baseAddress! + base,
                      plane, mean: mean[c])
                    a += Double(pa)
                    b += Double(pb)
                  }
                  sd[c] = Float(a)
                  sdx[c] = Float(b) * inverseStd[c]
                }
              }
            }
          }
        }
      }
    }
    for c in 0..<channels {
      weight.gradient.values[c] += sumDyXhat[c]
      bias.gradient.values[c] += sumDy[c]
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let gamma = weight.value.values
    return Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        outputGradient.values.withUnsafeBufferPointer { dy in
          maskSource.values.withUnsafeBufferPointer { y in
            nonisolated(unsafe) let (x, dy, y, out) = (x, dy, y, out)
            Parallel.forEachChunk(count: n * channels, minimumChunk: max(1, 4096 / plane)) { range in
              for row in range {
                let c = row % channels
                let k = gamma[c] * inverseStd[c]
                let meanDy = sumDy[c] / m
                let meanDyXhat = sumDyXhat[c] / m
                let istd = inverseStd[c]
                let mu = mean[c]
                let base = row * plane
                VectorKernels.normalizationGradient(
                  dy.baseAddress! + base, maskedBy: masked ? y.baseAddress! + base : nil, x.baseAddress! + base,
                  into: out.baseAddress! + base, plane,
                  coefficients: (
                    gain: k, mean: mu, inverseStd: istd, meanGradient: meanDy, meanGradientXhat: meanDyXhat
                  ))
              }
            }
          }
        }
      }
    }
  }
}
