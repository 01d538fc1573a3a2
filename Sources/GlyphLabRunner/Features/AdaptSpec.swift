import GlyphLabConfig
import GlyphLabTraining

/// How the pipeline's features learn while people label (`adapt.*`): none, or fine-tuning
/// the encoder (`features.kind: encoder`), or only its embedding layer, on the settled glyphs
/// every `adapt.every` rounds.
///
/// ```yaml
/// adapt:
///   method: fine-tune-embedding
///   every: 2            # rounds between fine-tunings
///   epochs: 1
///   layers: 0           # 0 = every layer; N = the last N layers with weights
///   learning_rate: 0.01
/// ```
public struct AdaptSpec: Sendable, Equatable {
  /// The adaptation methods.
  public enum Method: String, Sendable, CaseIterable {
    /// Features stay as built.
    case none
    /// Fine-tune the encoder's final linear layer (its embedding) on the settled glyphs over
    /// the frozen trunk's cached outputs (``EncoderHeadAdapter``): cheap enough for every round.
    case fineTuneEmbedding = "fine-tune-embedding"
    /// Fine-tune the encoder (all layers, or the last `adapt.layers`) on the settled glyphs,
    /// then embed every glyph again through the network (``EncoderFineTuningAdapter``).
    case fineTune = "fine-tune"
  }

  public var method: Method
  /// Rounds between adaptations.
  public var every: Int
  /// The fine-tuning settings (seed set per round).
  public var settings: FineTuneSettings
  /// Whether fine-tuning also trains on the references' images.
  public var trainOnReferences: Bool

  /// The `adapt.*` keys.
  public static let parameters = [
    ParameterDefinition(
      "adapt.method", .choice(of: Method.self), default: .string("none"),
      doc: "features that learn while people label: none, fine-tune-embedding or fine-tune (encoder features)"),
    ParameterDefinition("adapt.every", .int(1...10_000), default: .int(2), doc: "rounds between fine-tunings"),
    ParameterDefinition("adapt.epochs", .int(1...1_000), default: .int(1), doc: "epochs per fine-tuning"),
    ParameterDefinition(
      "adapt.seconds", .double(0...1e6), default: .double(0),
      doc: "wall-time cap per fine-tuning (0 = none; a cap makes results depend on the machine)"),
    ParameterDefinition(
      "adapt.layers", .int(0...1_000), default: .int(0), doc: "layers trained: 0 = all, N = the last N with weights"),
    ParameterDefinition(
      "adapt.learning_rate", .double(1e-9...10), default: .double(0.01), doc: "SGD learning rate of fine-tuning"),
    ParameterDefinition("adapt.batch_size", .int(1...65_536), default: .int(64), doc: "images per fine-tuning step"),
    ParameterDefinition(
      "adapt.train_on_references", .bool, default: .bool(true),
      doc: "fine-tune on the references' images too, so unlabelled classes keep their place"),
  ]

  /// Reads the keys; fine-tuning needs encoder features without PCA.
  public init(parameters p: ResolvedParameters, features: FeatureSpec) throws {
    method = try p.choice("adapt.method", as: Method.self)
    every = try p.int("adapt.every")
    let seconds = try p.double("adapt.seconds")
    let layers = try p.int("adapt.layers")
    settings = FineTuneSettings(
      epochs: try p.int("adapt.epochs"), seconds: seconds > 0 ? seconds : nil,
      layers: layers == 0 ? .all : .last(layers),
      learningRate: Float(try p.double("adapt.learning_rate")), batchSize: try p.int("adapt.batch_size"))
    trainOnReferences = try p.bool("adapt.train_on_references")
    if method != .none {
      guard features.kind == FeatureKind.encoder.name else {
        throw p.error("adapt.method", "\(method.rawValue) trains an encoder, so set features.kind: encoder")
      }
      guard features.pca == 0 else {
        throw p.error("adapt.method", "\(method.rawValue) re-embeds with the encoder, so set features.pca: 0")
      }
    }
  }
}
