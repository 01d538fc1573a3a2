import GlyphLabCore
import GlyphLabNetworks

/// A learned single-character detector in the manner of CenterNet (Zhou et al., "Objects as
/// Points", 2019): a small fully-convolutional network (``GlyphLabNetworks``) predicts, at
/// a quarter of its input's resolution, a heatmap of character centres and, at each
/// centre, the sub-pixel offset and the box's log width and height.
///
/// 1. **Scale.** The page's character size `S` is estimated classically
///    (``ScanDetector``'s scale from its components, which also refuses blank, all-ink and
///    oversized pages), and the page is shrunk by area averaging so characters are about
///    ``characterSize`` pixels; its median grey level is subtracted, so paper is about 0.
/// 2. **Network.** Two stride-2 3×3 convolutions (16 and ``channels`` channels), ``blocks``
///    residual blocks of two 3×3 convolutions, then a 3×3 and a 1×1 convolution to five
///    maps: centre logit, x and y offset, log width and log height (output pixels). Batch
///    norm and ReLU after every convolution but the last.
/// 3. **Peaks.** Pixels whose centre probability is at least ``threshold`` and is the
///    largest of their 3×3 neighbourhood become boxes, mapped back to the page.
///
/// The weights come from ``CenterNetTrainer`` (trained on synthetic pages, optionally
/// fine-tuned on real ones). The value holds weights only; each `detect` call builds its own
/// network, so one detector is safe to share between threads.
///
/// - Complexity: O(page pixels) for the scale and the shrinking, plus O(channels² ·
///   blocks · page pixels / (16 · f²)) for the network, `f` = `S` / ``characterSize``.
public struct CenterNetDetector: Sendable, Equatable {
  /// Channels of the residual trunk.
  public var channels: Int
  /// Residual blocks in the trunk.
  public var blocks: Int
  /// The character size, in pixels, pages are shrunk to before the network.
  public var characterSize: Double
  /// The least centre probability of a detection.
  public var threshold: Double
  /// Every state tensor of the network (``Layer/stateTensors`` order), or empty for an
  /// untrained detector, which refuses to detect.
  public var weights: [Tensor]

  /// The network's output stride.
  public static let stride = 4
  /// Output maps: centre logit, x offset, y offset, log width, log height.
  public static let outputChannels = 5

  /// A detector with the given shape and weights (empty: not trained yet).
  public init(
    channels: Int = 32, blocks: Int = 3, characterSize: Double = 20, threshold: Double = 0.3, weights: [Tensor] = []
  ) {
    self.channels = channels
    self.blocks = blocks
    self.characterSize = characterSize
    self.threshold = threshold
    self.weights = weights
  }

  /// Throws naming the first field out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "CenterNetDetector", name: name, value: "\(value)", reason: reason)
    }
    guard (4...256).contains(channels) else { throw fail("channels", channels, "must be in 4...256") }
    guard (0...16).contains(blocks) else { throw fail("blocks", blocks, "must be in 0...16") }
    guard characterSize.isFinite, (8...64).contains(characterSize) else {
      throw fail("characterSize", characterSize, "must be in 8...64 pixels")
    }
    guard threshold.isFinite, threshold > 0, threshold < 1 else {
      throw fail("threshold", threshold, "must be in (0, 1)")
    }
  }

  /// A fresh network of this detector's shape, initialised from `generator` (Kaiming
  /// weights; the centre logit's bias at −2.19, a prior of 0.1, as in the paper).
  public func makeNetwork(generator: SeededGenerator) throws -> Sequential {
    try validate()
    var layers: [any Layer] = []
    func convolution(_ input: Int, _ output: Int, stride: Int = 1, label: String) throws {
      layers.append(
        try Conv2D(
          inputChannels: input, outputChannels: output, kernelSize: 3, stride: stride, padding: 1, bias: false,
          generator: generator.derived(label)))
      layers.append(try BatchNorm2D(channels: output))
      layers.append(ReLU())
    }
    try convolution(1, 16, stride: 2, label: "stem1")
    try convolution(16, channels, stride: 2, label: "stem2")
    for b in 0..<blocks {
      let g = generator.derived("block\(b)")
      let main = Sequential([
        try Conv2D(
          inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false,
          generator: g.derived("a")),
        try BatchNorm2D(channels: channels), ReLU(),
        try Conv2D(
          inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false,
          generator: g.derived("b")),
        try BatchNorm2D(channels: channels),
      ])
      layers.append(Residual(main: main))
      layers.append(ReLU())
    }
    try convolution(channels, channels, label: "head")
    let last = try Conv2D(
      inputChannels: channels, outputChannels: Self.outputChannels, kernelSize: 1, generator: generator.derived("out"))
    // Small regression outputs at the start, and a 0.1 prior on the centres.
    for i in last.weight.value.values.indices { last.weight.value.values[i] *= 0.1 }
    if let bias = last.bias { bias.value.values[0] = -2.19 }
    layers.append(last)
    return Sequential(layers)
  }

  /// The trained network: ``makeNetwork(generator:)`` with ``weights`` loaded. Throws if the
  /// detector is untrained or its weights do not fit its shape.
  public func network() throws -> Sequential {
    let network = try makeNetwork(generator: SeededGenerator(seed: 0))
    let state = network.stateTensors
    guard !weights.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "CenterNetDetector", name: "weights", value: "none",
        reason: "the detector is not trained (train it with CenterNetTrainer)")
    }
    guard state.count == weights.count, zip(state, weights).allSatisfy({ $0.value.shape == $1.shape }) else {
      throw GlyphLabError.invalidArgument(
        operation: "CenterNetDetector", name: "weights", value: "\(weights.count) tensors",
        reason: "do not fit a network of \(channels) channels and \(blocks) blocks (\(state.count) tensors)")
    }
    for (p, w) in zip(state, weights) { p.value = w }
    return network
  }
}
