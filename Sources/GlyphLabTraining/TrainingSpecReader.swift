import Foundation
import GlyphLabConfig
import GlyphLabDatasets
import GlyphLabNetworks

/// Reads and validates a training spec's node tree into a ``TrainingSpec``.
struct TrainingSpecReader {
  let root: ConfigNode
  let file: String

  func read() throws -> TrainingSpec {
    let top = try root.mapping(allowed: TrainingSpec.topLevelKeys)
    func required(_ key: String) throws -> ConfigNode {
      guard let node = top[key] else {
        throw ConfigError(file: root.file, line: root.line, key: key, message: "missing (every training spec needs it)")
      }
      return node
    }
    let defaultName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let name = try top["name"]?.string() ?? defaultName
    let dataset = try Self.path(try required("dataset"))
    let out = try Self.path(try required("out"))
    let epochs = try required("epochs").int(in: 1...100_000)
    var checkpoint: String?
    if let node = top["checkpoint"] {
      let path = try Self.path(node)
      checkpoint = path
      guard path != out else { throw node.error("must differ from `out`") }
    }
    let inputSize = try top["input_size"]?.int(in: 8...512) ?? 32
    let loss = try readLoss(top["loss"])
    var batchSize = try top["batch_size"]?.int(in: 1...65_536) ?? 128
    if case .prototypical(let ways, let shots, let queries) = loss {
      if let node = top["batch_size"], batchSize != ways * (shots + queries) {
        throw node.error(
          "the prototypical loss's episodes decide the batch size (ways × (shots + queries) = "
            + "\(ways * (shots + queries))); remove batch_size or set it to that")
      }
      batchSize = ways * (shots + queries)
    }
    return TrainingSpec(
      path: file, text: "", overrides: [], name: name, description: try top["description"]?.string() ?? "",
      dataset: dataset, inputSize: inputSize,
      architecture: try readArchitecture(top["architecture"], inputSize: inputSize), loss: loss,
      optimizer: try readOptimizer(try required("optimizer")), schedule: try readSchedule(top["schedule"]),
      epochs: epochs, batchSize: batchSize,
      augmentation: try top["augmentation"].map { try GlyphAugmentation.Configuration(node: $0) } ?? .none,
      seed: UInt64(try top["seed"]?.int(in: 0...Int.max) ?? 0), threads: try top["threads"]?.int(in: 1...1024),
      out: out, checkpoint: checkpoint, checkpointEvery: try top["checkpoint_every"]?.int(in: 0...Int.max) ?? 0,
      shuffleWindow: try top["shuffle_window"]?.int(in: 1...Int.max) ?? 262_144)
  }

  private static func path(_ node: ConfigNode) throws -> String {
    let value = try node.string()
    guard !value.isEmpty else { throw node.error("must be a file path") }
    return value
  }

  /// A choice among the raw values of `Kind`.
  private static func kind<Kind: RawRepresentable & CaseIterable>(_ node: ConfigNode, _: Kind.Type) throws -> Kind
  where Kind.RawValue == String {
    let value = try node.choice(Kind.allCases.map(\.rawValue))
    guard let kind = Kind(rawValue: value) else { throw node.error("unknown kind '\(value)'") }
    return kind
  }

  private static func positive(_ node: ConfigNode) throws -> Float {
    let value = try node.double()
    guard value > 0 else { throw node.error("must be positive, got \(value)") }
    return Float(value)
  }

  private func readArchitecture(_ node: ConfigNode?, inputSize: Int) throws -> ArchitectureSettings {
    guard let node else { return ArchitectureSettings(family: .conv4, channels: [64, 64, 64, 64]) }
    let map = try node.mapping(allowed: ["kind", "channels", "blocks_per_stage", "head", "embedding", "dropout"])
    let family = try map["kind"].map { try Self.kind($0, EncoderArchitecture.Family.self) } ?? .conv4
    var channels = ArchitectureSettings.defaultChannels(family)
    if let list = map["channels"] {
      channels = try list.sequence().map { try $0.int(in: 1...4096) }
      if family == .conv4, channels.count != 4 {
        throw list.error("conv4 has four blocks, so it needs four channel counts, got \(channels.count)")
      }
      if channels.isEmpty { throw list.error("needs at least one channel count") }
    }
    let settings = ArchitectureSettings(
      family: family, channels: channels, blocksPerStage: try map["blocks_per_stage"]?.int(in: 1...64) ?? 1,
      head: try map["head"].map { try Self.kind($0, EncoderArchitecture.Head.self) },
      embedding: try map["embedding"]?.int(in: 0...65_536) ?? 128,
      dropout: try map["dropout"]?.double(in: 0...0.95) ?? 0)
    do {
      try settings.architecture(inputSize: inputSize).validate()
    } catch {
      throw node.error("does not fit \(inputSize)×\(inputSize) inputs: \(error)")
    }
    return settings
  }

  private func readLoss(_ node: ConfigNode?) throws -> TrainingLoss {
    guard let node else { return .cosineSoftmax(scale: 16) }
    let map = try node.mapping(allowed: ["kind", "scale", "ways", "shots", "queries"])
    guard let kindNode = map["kind"] else { throw node.error("needs `kind:` (softmax, cosine-softmax, prototypical)") }
    let kind = try Self.kind(kindNode, TrainingLoss.Kind.self)
    func unused(_ keys: [String]) throws {
      for key in keys { if let extra = map[key] { throw extra.error("does not apply to the \(kind.rawValue) loss") } }
    }
    switch kind {
    case .softmax:
      try unused(["scale", "ways", "shots", "queries"])
      return .softmax
    case .cosineSoftmax:
      try unused(["ways", "shots", "queries"])
      return .cosineSoftmax(scale: try map["scale"].map(Self.positive) ?? 16)
    case .prototypical:
      try unused(["scale"])
      return .prototypical(
        ways: try map["ways"]?.int(in: 2...4096) ?? 20, shots: try map["shots"]?.int(in: 1...1000) ?? 5,
        queries: try map["queries"]?.int(in: 1...1000) ?? 5)
    }
  }

  private func readOptimizer(_ node: ConfigNode) throws -> OptimizerSettings {
    let map = try node.mapping(allowed: [
      "kind", "learning_rate", "momentum", "weight_decay", "nesterov", "beta1", "beta2", "epsilon",
    ])
    guard let kindNode = map["kind"] else { throw node.error("needs `kind:` (sgd or adam)") }
    let kind = try Self.kind(kindNode, OptimizerSettings.Kind.self)
    guard let rateNode = map["learning_rate"] else { throw node.error("needs `learning_rate:` (a positive number)") }
    let rate = try Self.positive(rateNode)
    let decay = Float(try map["weight_decay"]?.double(in: 0...1) ?? 0)
    func unused(_ keys: [String]) throws {
      for key in keys { if let extra = map[key] { throw extra.error("does not apply to \(kind.rawValue)") } }
    }
    switch kind {
    case .sgd:
      try unused(["beta1", "beta2", "epsilon"])
      return .sgd(
        learningRate: rate, momentum: Float(try map["momentum"]?.double(in: 0...0.999_999) ?? 0.9),
        weightDecay: decay, nesterov: try map["nesterov"]?.bool() ?? false)
    case .adam:
      try unused(["momentum", "nesterov"])
      let epsilon = try map["epsilon"].map(Self.positive) ?? 1e-8
      return .adam(
        learningRate: rate, beta1: Float(try map["beta1"]?.double(in: 0...0.999_999) ?? 0.9),
        beta2: Float(try map["beta2"]?.double(in: 0...0.999_999_9) ?? 0.999), epsilon: epsilon, weightDecay: decay)
    }
  }

  private func readSchedule(_ node: ConfigNode?) throws -> ScheduleSettings {
    guard let node else { return ScheduleSettings(shape: .constant) }
    let map = try node.mapping(allowed: ["kind", "warmup_epochs", "every_epochs", "gamma", "minimum"])
    let kind = try map["kind"].map { try Self.kind($0, ScheduleSettings.Kind.self) } ?? .constant
    let warmup = try map["warmup_epochs"]?.double(in: 0...100_000) ?? 0
    func unused(_ keys: [String]) throws {
      for key in keys {
        if let extra = map[key] { throw extra.error("does not apply to the \(kind.rawValue) schedule") }
      }
    }
    switch kind {
    case .constant:
      try unused(["every_epochs", "gamma", "minimum"])
      return ScheduleSettings(shape: .constant, warmupEpochs: warmup)
    case .step:
      try unused(["minimum"])
      guard let every = map["every_epochs"] else { throw node.error("the step schedule needs `every_epochs:`") }
      let epochs = try every.double()
      guard epochs > 0 else { throw every.error("must be positive, got \(epochs)") }
      return ScheduleSettings(
        shape: .step(everyEpochs: epochs, gamma: Float(try map["gamma"]?.double(in: 0...1) ?? 0.1)),
        warmupEpochs: warmup)
    case .cosine:
      try unused(["every_epochs", "gamma"])
      return ScheduleSettings(
        shape: .cosine(minimum: Float(try map["minimum"]?.double(in: 0...1) ?? 0)), warmupEpochs: warmup)
    }
  }
}
