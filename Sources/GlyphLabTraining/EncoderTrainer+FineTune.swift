import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks

extension EncoderTrainer {
  /// Fine-tunes a copy of `encoder` on `images` (stored glyphs of the size the encoder
  /// takes) with `labels` (class indices in `0..<classCount`, −1 = not trained on), with the
  /// same loop as ``train(options:progress:)``: a cosine-softmax head over the classes,
  /// imprinted from their mean embeddings, SGD at a constant rate, `settings.epochs` epochs
  /// or until `settings.seconds` pass.
  ///
  /// Throws ``EncoderError`` naming the argument for images of another size, labels that do
  /// not fit, fewer than 2 labelled classes, or a layer count out of range; and
  /// ``EncoderError/nonFiniteLoss(epoch:step:loss:checkpoint:)`` if the loss diverges.
  public static func fineTune(
    _ encoder: TrainedEncoder, images: GlyphImages, labels: [Int32], classCount: Int, settings: FineTuneSettings
  ) throws -> FineTuneResult {
    guard settings.epochs >= 1 else {
      throw EncoderError.invalidArgument(name: "epochs", value: "\(settings.epochs)", reason: "must be at least 1")
    }
    guard settings.learningRate > 0, settings.learningRate.isFinite else {
      throw EncoderError.invalidArgument(
        name: "learningRate", value: "\(settings.learningRate)", reason: "must be positive")
    }
    guard settings.batchSize >= 1 else {
      throw EncoderError.invalidArgument(name: "batchSize", value: "\(settings.batchSize)", reason: "must be positive")
    }
    try encoder.checkImageSize(height: images.height, width: images.width, source: "the fine-tuning images")
    let set = try TrainingSet(images: images, labels: labels, classCount: classCount)
    let architecture = encoder.encoder.architecture
    let spec = TrainingSpec(
      path: "", text: "", overrides: [], name: "fine-tune", description: "", dataset: encoder.path,
      inputSize: architecture.inputHeight,
      architecture: ArchitectureSettings(family: architecture.family, channels: architecture.channels),
      loss: .cosineSoftmax(scale: settings.scale),
      optimizer: .sgd(
        learningRate: settings.learningRate, momentum: settings.momentum, weightDecay: settings.weightDecay,
        nesterov: false),
      schedule: ScheduleSettings(shape: .constant), epochs: settings.epochs, batchSize: settings.batchSize,
      augmentation: settings.augmentation, seed: settings.seed, threads: nil, out: "", checkpoint: nil,
      checkpointEvery: 0, shuffleWindow: max(1, images.count))
    let loop = try makeLoop(spec: spec, set: set, architecture: architecture, key: "fine-tune")
    try loop.encoder.loadState(encoder.encoder.state)
    try freeze(loop.encoder, keeping: settings.layers)
    try imprint(loop, images: images, labels: labels, classCount: classCount)
    let result = try loop.run(
      limits: TrainingLoop.Limits(seconds: settings.seconds), checkpointEvery: 0, save: nil, progress: nil)
    let position = loop.position
    var metadata = encoder.metadata
    metadata.strings["fine_tuned_steps"] = "\(position.globalStep)"
    let tuned = TrainedEncoder(
      path: encoder.path, encoder: loop.encoder, metadata: metadata, contents: encoder.contents,
      imageHeight: encoder.imageHeight, imageWidth: encoder.imageWidth)
    return FineTuneResult(
      encoder: tuned, steps: position.globalStep, epochs: position.epochLosses.count,
      loss: result.finished
        ? position.epochLosses.last ?? 0 : position.lossSum / Double(max(1, position.scored)),
      accuracy: result.finished
        ? position.epochAccuracies.last ?? 0 : Double(position.correct) / Double(max(1, position.scored)),
      seconds: result.seconds)
  }

  /// Freezes every weight outside `layers`.
  static func freeze(_ encoder: Encoder, keeping layers: FineTuneSettings.Layers) throws {
    guard case .last(let n) = layers else { return }
    let weighted = encoder.network.layers.filter { !$0.parameters.isEmpty }
    guard n >= 1, n <= weighted.count else {
      throw EncoderError.invalidArgument(
        name: "layers", value: "last(\(n))", reason: "the encoder has \(weighted.count) layers with weights")
    }
    for (index, layer) in weighted.enumerated() {
      for p in layer.parameters { p.isTrainable = index >= weighted.count - n }
    }
  }

  /// Sets each class's head weight to its images' mean embedding (weight imprinting).
  static func imprint(_ loop: TrainingLoop, images: GlyphImages, labels: [Int32], classCount: Int) throws {
    guard let cosine = loop.head.loss as? CosineSoftmaxLoss else { return }
    let d = loop.encoder.embeddingDimension
    var sums = [Float](repeating: 0, count: classCount * d)
    var counts = [Int](repeating: 0, count: classCount)
    let batch = 256
    var start = 0
    while start < images.count {
      let end = min(images.count, start + batch)
      let input = try loop.preprocessor.images(images.slice(start..<end), rows: [], epoch: 0, augment: false)
      let embedding = try loop.encoder.forward(BatchPreprocessor.tensor(input), mode: .inference)
      for i in 0..<(end - start) {
        let label = Int(labels[start + i])
        guard label >= 0 else { continue }
        counts[label] += 1
        for j in 0..<d { sums[label * d + j] += embedding.values[i * d + j] }
      }
      start = end
    }
    var weight = cosine.weight.value
    for c in 0..<classCount where counts[c] > 0 {
      for j in 0..<d { weight.values[c * d + j] = sums[c * d + j] / Float(counts[c]) }
    }
    cosine.weight.value = weight
  }
}
