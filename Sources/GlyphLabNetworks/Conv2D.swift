import GlyphLabCore

/// 2-D convolution over NCHW batches (PyTorch's `nn.Conv2d`, square kernel, no dilation or
/// groups): weight `Cout × Cin × k × k` named `weight`, optional `bias`.
///
/// Runs as im2col + SGEMM on OpenBLAS, see ``ConvolutionKernel``.
public final class Conv2D: Layer {
  /// Input and output channel counts.
  public let inputChannels: Int
  public let outputChannels: Int
  /// Kernel side, stride and zero padding (same for both axes).
  public let kernelSize: Int
  public let stride: Int
  public let padding: Int
  /// `Cout × Cin × k × k`.
  public let weight: Parameter
  /// `Cout`, or `nil` for a convolution without bias (before batch norm).
  public let bias: Parameter?

  private var cachedInput: Tensor?

  /// A convolution with Kaiming-normal weights (fan-in, for ReLU) drawn from `generator`
  /// and a zero bias.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    bias: Bool = true, generator: SeededGenerator
  ) throws {
    guard inputChannels > 0, outputChannels > 0, kernelSize > 0, stride > 0, padding >= 0 else {
      throw NetworkError.invalidArgument(
        name: "Conv2D", value: "in \(inputChannels), out \(outputChannels), k \(kernelSize), s \(stride), p \(padding)",
        reason: "channels, kernel size and stride must be positive, padding non-negative")
    }
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    let fanIn = inputChannels * kernelSize * kernelSize
    weight = Parameter(
      name: "weight",
      value: Initialization.kaimingNormal(
        shape: [outputChannels, inputChannels, kernelSize, kernelSize], fanIn: fanIn,
        generator: generator.derived("weight")))
    self.bias = bias ? Parameter(name: "bias", value: Tensor(shape: [outputChannels])) : nil
  }

  public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    let g = try geometry(inputShape)
    return [g.batch, outputChannels, g.outputHeight, g.outputWidth]
  }

  func geometry(_ shape: [Int]) throws -> ConvolutionGeometry {
    guard shape.count == 4, shape[0] > 0, shape[1] == inputChannels else {
      throw NetworkError.shape(
        layer: "Conv2D(\(inputChannels)→\(outputChannels))",
        detail: "input shape \(shape) is not N×\(inputChannels)×H×W")
    }
    let ho = (shape[2] + 2 * padding - kernelSize) / stride + 1
    let wo = (shape[3] + 2 * padding - kernelSize) / stride + 1
    guard shape[2] + 2 * padding >= kernelSize, shape[3] + 2 * padding >= kernelSize else {
      throw NetworkError.shape(
        layer: "Conv2D(\(inputChannels)→\(outputChannels))",
        detail:
          "input \(shape[2])×\(shape[3]) with padding \(padding) is smaller than the \(kernelSize)×\(kernelSize) kernel"
      )
    }
    return ConvolutionGeometry(
      batch: shape[0], inputChannels: inputChannels, height: shape[2], width: shape[3],
      outputChannels: outputChannels, kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride,
      padding: padding, outputHeight: ho, outputWidth: wo)
  }

  /// - Complexity: O(N · Cout · Cin · k² · Ho · Wo).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let g = try geometry(input.shape)
    cachedInput = mode == .training ? input : nil
    return Tensor(shape: [g.batch, outputChannels, g.outputHeight, g.outputWidth]) { out in
      input.values.withUnsafeBufferPointer { x in
        weight.value.values.withUnsafeBufferPointer { w in
          if let bias {
            bias.value.values.withUnsafeBufferPointer { b in
              ConvolutionKernel.forward(
                input: x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!, geometry: g,
                output: out.baseAddress!)
            }
          } else {
            ConvolutionKernel.forward(
              input: x.baseAddress!, weight: w.baseAddress!, bias: nil, geometry: g, output: out.baseAddress!)
          }
        }
      }
    }
  }

  /// - Complexity: O(N · Cout · Cin · k² · Ho · Wo), twice when the input gradient is needed.
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let input = cachedInput else {
      throw NetworkError.backwardWithoutForward(layer: "Conv2D(\(inputChannels)→\(outputChannels))")
    }
    let g = try geometry(input.shape)
    guard outputGradient.shape == [g.batch, outputChannels, g.outputHeight, g.outputWidth] else {
      throw NetworkError.shape(
        layer: "Conv2D(\(inputChannels)→\(outputChannels))",
        detail: "output gradient shape \(outputGradient.shape) differs from the output's")
    }
    var inputGradient = needsInputGradient ? Tensor(shape: input.shape) : Tensor(shape: [0])
    var biasGradient = bias?.gradient.values ?? []
    input.values.withUnsafeBufferPointer { x in
      weight.value.values.withUnsafeBufferPointer { w in
        outputGradient.values.withUnsafeBufferPointer { dy in
          weight.gradient.values.withUnsafeMutableBufferPointer { dw in
            biasGradient.withUnsafeMutableBufferPointer { db in
              inputGradient.values.withUnsafeMutableBufferPointer { dx in
                ConvolutionKernel.backward(
                  input: x.baseAddress!, weight: w.baseAddress!, outputGradient: dy.baseAddress!, geometry: g,
                  weightGradient: dw.baseAddress!, biasGradient: bias == nil ? nil : db.baseAddress,
                  inputGradient: needsInputGradient ? dx.baseAddress : nil)
              }
            }
          }
        }
      }
    }
    if let bias { bias.gradient.values = biasGradient }
    return inputGradient
  }
}
