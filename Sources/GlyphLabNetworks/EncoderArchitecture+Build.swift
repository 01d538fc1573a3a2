import GlyphLabCore

extension EncoderArchitecture {
  /// Checks the fields; throws naming the first bad one.
  public func validate() throws {
    func bad(_ name: String, _ value: String, _ reason: String) -> NetworkError {
      .invalidArgument(name: "architecture.\(name)", value: value, reason: reason)
    }
    guard inputChannels > 0 else { throw bad("input_channels", "\(inputChannels)", "must be positive") }
    guard inputHeight > 0, inputWidth > 0 else {
      throw bad("input_height/input_width", "\(inputHeight)×\(inputWidth)", "must be positive")
    }
    guard !channels.isEmpty, channels.allSatisfy({ $0 > 0 }) else {
      throw bad("channels", "\(channels)", "must be a non-empty list of positive counts")
    }
    guard blocksPerStage > 0 else { throw bad("blocks_per_stage", "\(blocksPerStage)", "must be positive") }
    guard embeddingDimension >= 0 else {
      throw bad("embedding_dimension", "\(embeddingDimension)", "must be non-negative")
    }
    guard dropout >= 0, dropout < 1 else { throw bad("dropout", "\(dropout)", "must be in [0, 1)") }
    if family == .conv4 {
      let shrink = 1 << channels.count
      guard inputHeight >= shrink, inputWidth >= shrink else {
        throw bad(
          "input_height/input_width", "\(inputHeight)×\(inputWidth)",
          "\(channels.count) pooling blocks need at least \(shrink)×\(shrink) pixels")
      }
    }
  }

  /// The network, with every weight drawn from streams derived from `seed` and the
  /// tensor's name (Kaiming-normal convolutions, PyTorch-default linear layers, BN γ = 1,
  /// β = 0), so the same architecture and seed always give the same weights.
  public func build(seed: UInt64) throws -> Encoder {
    try validate()
    let root = SeededGenerator(seed: seed).derived("encoder-init")
    var layers: [any Layer] = []
    var c = inputChannels
    switch family {
    case .conv4:
      for width in channels {
        layers.append(
          try Conv2D(
            inputChannels: c, outputChannels: width, kernelSize: 3, padding: 1, bias: false,
            generator: root.derived("conv.\(layers.count)")))
        layers.append(try BatchNorm2D(channels: width))
        layers.append(ReLU())
        layers.append(try MaxPool2D(kernelSize: 2))
        c = width
      }
    case .resnet:
      layers.append(
        try Conv2D(
          inputChannels: c, outputChannels: channels[0], kernelSize: 3, padding: 1, bias: false,
          generator: root.derived("conv.\(layers.count)")))
      layers.append(try BatchNorm2D(channels: channels[0]))
      layers.append(ReLU())
      c = channels[0]
      for (stage, width) in channels.enumerated() {
        for block in 0..<blocksPerStage {
          let stride = stage > 0 && block == 0 ? 2 : 1
          let g = root.derived("block.\(layers.count)")
          let main = Sequential([
            try Conv2D(
              inputChannels: c, outputChannels: width, kernelSize: 3, stride: stride, padding: 1, bias: false,
              generator: g.derived("conv1")),
            try BatchNorm2D(channels: width), ReLU(),
            try Conv2D(
              inputChannels: width, outputChannels: width, kernelSize: 3, padding: 1, bias: false,
              generator: g.derived("conv2")),
            try BatchNorm2D(channels: width),
          ])
          let shortcut: (any Layer)? =
            stride != 1 || c != width
            ? Sequential([
              try Conv2D(
                inputChannels: c, outputChannels: width, kernelSize: 1, stride: stride, bias: false,
                generator: g.derived("shortcut")),
              try BatchNorm2D(channels: width),
            ]) : nil
          layers.append(Sequential([Residual(main: main, shortcut: shortcut), ReLU()]))
          c = width
        }
      }
    }
    layers.append(head == .flatten ? Flatten() : GlobalAvgPool())
    let features = try layers.reduce([1, inputChannels, inputHeight, inputWidth]) { try $1.outputShape(for: $0) }
    if dropout > 0 {
      layers.append(try Dropout(probability: Float(dropout), generator: root.derived("dropout")))
    }
    if embeddingDimension > 0 {
      layers.append(
        try Linear(
          inputFeatures: features[1], outputFeatures: embeddingDimension,
          generator: root.derived("linear.\(layers.count)")))
    }
    if normalizeEmbedding { layers.append(L2Normalize()) }
    return Encoder(architecture: self, network: Sequential(layers))
  }
}
