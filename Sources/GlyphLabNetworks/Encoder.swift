import GlyphLabCore

/// A glyph encoder: the network an ``EncoderArchitecture`` builds, mapping `N × C × H × W`
/// images to `N × D` embeddings.
///
/// Training is plain code over it:
/// ```swift
/// let encoder = try EncoderArchitecture.conv4().build(seed: 1)
/// let loss = SoftmaxCrossEntropy()   // after a Linear to the class count, or CosineSoftmaxLoss
/// let optimizer = try SGD(parameters: encoder.parameters, learningRate: 0.05, momentum: 0.9)
/// optimizer.zeroGradients()
/// let result = try loss.forward(encoder.forward(batch, mode: .training), labels: labels)
/// try encoder.backward(loss.backward())
/// try optimizer.step()
/// ```
public final class Encoder {
  /// What this network is; stored in the weights file.
  public let architecture: EncoderArchitecture
  /// The layers.
  public let network: Sequential

  /// An encoder over `network` (use ``EncoderArchitecture/build(seed:)``).
  public init(architecture: EncoderArchitecture, network: Sequential) {
    NetworkMemory.retainFreedBuffers()
    self.architecture = architecture
    self.network = network
  }

  /// The input shape of one image: `[C, H, W]`.
  public var inputShape: [Int] { [architecture.inputChannels, architecture.inputHeight, architecture.inputWidth] }

  /// The embedding size (the output's second dimension).
  public var embeddingDimension: Int {
    (try? network.outputShape(for: [1] + inputShape))?.last ?? 0
  }

  /// Learnable tensors, named like PyTorch's `state_dict` keys.
  public var parameters: [Parameter] { network.parameters }
  /// Running statistics.
  public var buffers: [Parameter] { network.buffers }

  /// The output for a batch `N × C × H × W`; throws naming the expected shape if the
  /// images do not fit.
  ///
  /// - Complexity: the network's, linear in N.
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    guard input.rank == 4, Array(input.shape.dropFirst()) == inputShape else {
      throw NetworkError.shape(
        layer: "Encoder(\(architecture))",
        detail: "input shape \(input.shape) does not match N×\(inputShape.map(String.init).joined(separator: "×"))")
    }
    return try network.forward(input, mode: mode)
  }

  /// Back-propagates the embedding gradient of the last training forward pass,
  /// accumulating every parameter's gradient (the input gradient is not computed).
  public func backward(_ outputGradient: Tensor) throws {
    _ = try network.backward(outputGradient, needsInputGradient: false)
  }

  /// Sets every parameter gradient to zero.
  public func zeroGradients() { network.zeroGradients() }

  /// Embeds `images` in inference mode, `batchSize` at a time: an `N × D` matrix.
  ///
  /// - Complexity: the network's forward pass per image; memory bounded by `batchSize`.
  public func embed(_ images: GlyphImages, batchSize: Int = 256) throws -> Matrix {
    guard images.height == architecture.inputHeight, images.width == architecture.inputWidth,
      architecture.inputChannels == 1
    else {
      throw NetworkError.shape(
        layer: "Encoder(\(architecture))",
        detail: "images are \(images.height)×\(images.width); the encoder takes "
          + "\(architecture.inputChannels)×\(architecture.inputHeight)×\(architecture.inputWidth)")
    }
    guard batchSize > 0 else {
      throw NetworkError.invalidArgument(name: "batchSize", value: "\(batchSize)", reason: "must be positive")
    }
    let d = embeddingDimension
    var out = [Float]()
    out.reserveCapacity(images.count * d)
    var start = 0
    while start < images.count {
      let end = min(images.count, start + batchSize)
      let batch = Tensor(images: images.gathering(start..<end))
      out.append(contentsOf: try network.forward(batch, mode: .inference).values)
      start = end
    }
    return try Matrix(rows: images.count, columns: d, elements: out)
  }

  /// Every parameter and buffer value by name (PyTorch's `state_dict()`).
  public var state: [String: Tensor] {
    var out = [String: Tensor]()
    for p in network.stateTensors { out[p.name] = p.value }
    return out
  }

  /// Sets every parameter and buffer from `state`; throws naming the first tensor that is
  /// missing, of the wrong shape, or not part of this network.
  public func loadState(_ state: [String: Tensor]) throws {
    let tensors = network.stateTensors
    for p in tensors {
      guard let value = state[p.name] else {
        throw NetworkError.invalidArgument(name: "tensor", value: p.name, reason: "missing for \(architecture)")
      }
      guard value.shape == p.value.shape else {
        throw NetworkError.invalidArgument(
          name: "tensor", value: p.name, reason: "has shape \(value.shape); \(architecture) needs \(p.value.shape)")
      }
    }
    let known = Set(tensors.map(\.name))
    if let extra = state.keys.sorted().first(where: { !known.contains($0) }) {
      throw NetworkError.invalidArgument(name: "tensor", value: extra, reason: "is not part of \(architecture)")
    }
    for p in tensors { if let value = state[p.name] { p.value = value } }
  }
}
