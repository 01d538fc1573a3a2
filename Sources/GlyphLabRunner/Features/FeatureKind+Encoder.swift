import Foundation
import GlyphLabConfig
import GlyphLabStrategies
import GlyphLabTraining

extension FeatureKind {
  /// `encoder`: the unit-length embeddings of a trained encoder (`glyphlab train`), checked
  /// against the dataset under the encoder's protocol before any work.
  public static let encoder = FeatureKind(
    name: "encoder", doc: "a trained encoder's unit-length embeddings (features.weights, glyphlab train)",
    parameters: [
      ParameterDefinition(
        "features.weights", .file, default: .string(""), doc: "the encoder's weights file (encoder)"),
      ParameterDefinition(
        "features.protocol", .choice(of: EncoderProtocol.self), default: .string("novel-editions"),
        doc: "what the encoder must not have seen of the dataset: its editions' fonts, or its characters (encoder)"),
      ParameterDefinition(
        "features.batch_size", .int(1...65_536), default: .int(256), doc: "images per forward pass (encoder)"),
      ParameterDefinition(
        "features.initialization", .choice(of: EncoderInitialization.self), default: .string("pretrained"),
        doc: "the file's trained weights, or random: its architecture with fresh weights (no pretraining; encoder)"),
      ParameterDefinition(
        "features.init_seed", .int(0...Int(Int32.max)), default: .int(1),
        doc: "seed of the fresh weights when features.initialization is random (encoder)"),
    ],
    validate: { p in
      guard !(try p.string("features.weights")).isEmpty else {
        throw p.error("features.weights", "features.kind is encoder, so name its weights file (glyphlab train)")
      }
    },
    check: { context in
      let p = context.parameters
      let path = try p.string("features.weights")
      guard FileManager.default.fileExists(atPath: path) else {
        throw p.error("features.weights", "\(path) does not exist (train it first: glyphlab train SPEC)")
      }
      let trained = try TrainedEncoder.load(path)
      try trained.checkImageSize(
        height: context.reader.height, width: context.reader.width, source: context.datasetPath)
      // Fresh weights have seen no data, so no overlap is possible.
      guard try p.choice("features.initialization", as: EncoderInitialization.self) == .pretrained else { return }
      try trained.check(
        try p.choice("features.protocol", as: EncoderProtocol.self),
        dataset: try TrainingContents(dataset: context.reader), datasetPath: context.datasetPath)
    },
    cacheIdentity: { p in (try? FeatureBuilder.datasetIdentity(try p.string("features.weights"))) ?? "" },
    diskCaching: { p in
      DiskCaching(files: [try p.string("features.weights")], rowAlignment: try p.int("features.batch_size"))
    },
    make: { context in
      EncoderFeatures(
        path: try context.parameters.string("features.weights"),
        batchSize: try context.parameters.int("features.batch_size"),
        initialization: try context.parameters.choice("features.initialization", as: EncoderInitialization.self),
        initSeed: UInt64(try context.parameters.int("features.init_seed")))
    })
}

extension FeatureKind {
  /// The encoder `features.weights` names, with its trained weights or (by
  /// `features.initialization`) fresh ones from `features.init_seed`.
  static func loadEncoder(_ p: ResolvedParameters) throws -> TrainedEncoder {
    try TrainedEncoder.load(
      try p.string("features.weights"),
      initialization: try p.choice("features.initialization", as: EncoderInitialization.self),
      seed: UInt64(try p.int("features.init_seed")))
  }
}
