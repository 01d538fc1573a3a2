/// A description of an encoder network that builds it deterministically from a seed
/// (``build(seed:)``) and is stored as JSON in its weights file.
///
/// Two families:
/// - ``Family/conv4``: one block per entry of ``channels``, each 3×3 convolution (padding 1,
///   no bias) + batch norm + ReLU + 2×2 max-pool;
/// - ``Family/resnet``: a 3×3 stem convolution to `channels[0]` + BN + ReLU, then one stage
///   per entry of ``channels`` with ``blocksPerStage`` basic blocks (two 3×3 convolutions
///   with BN, identity or 1×1-projection shortcut, ReLU after the sum); stages after the
///   first start with stride 2.
///
/// Then the head: ``Head/globalAveragePool`` or ``Head/flatten``, optional dropout, a
/// linear layer to ``embeddingDimension`` (0 for none), and optional L2 normalisation.
public struct EncoderArchitecture: Codable, Sendable, Equatable, CustomStringConvertible {
  /// The network family.
  public enum Family: String, Codable, Sendable, CaseIterable {
    case conv4
    case resnet
  }

  /// How the last feature map becomes a vector.
  public enum Head: String, Codable, Sendable, CaseIterable {
    /// Mean over the image per channel (size-independent).
    case globalAveragePool = "global_avg_pool"
    /// All of the feature map, channel-major.
    case flatten
  }

  public var family: Family
  /// Image channels (1 for grey glyphs).
  public var inputChannels: Int
  /// Image height and width in pixels.
  public var inputHeight: Int
  public var inputWidth: Int
  /// Channels per block (Conv-4) or per stage (ResNet).
  public var channels: [Int]
  /// Basic blocks per ResNet stage (ignored by Conv-4).
  public var blocksPerStage: Int
  public var head: Head
  /// The size of the final linear layer's output; 0 means no linear layer.
  public var embeddingDimension: Int
  /// Dropout probability before the linear layer; 0 means none.
  public var dropout: Double
  /// Whether the embedding is L2-normalised.
  public var normalizeEmbedding: Bool

  /// An architecture; see the type's documentation for the fields.
  public init(
    family: Family, inputChannels: Int = 1, inputHeight: Int, inputWidth: Int, channels: [Int],
    blocksPerStage: Int = 1, head: Head, embeddingDimension: Int, dropout: Double = 0, normalizeEmbedding: Bool = false
  ) {
    self.family = family
    self.inputChannels = inputChannels
    self.inputHeight = inputHeight
    self.inputWidth = inputWidth
    self.channels = channels
    self.blocksPerStage = blocksPerStage
    self.head = head
    self.embeddingDimension = embeddingDimension
    self.dropout = dropout
    self.normalizeEmbedding = normalizeEmbedding
  }

  /// A Conv-4: `channels` (default four blocks of 64), then `head` and a linear layer to
  /// `embeddingDimension`.
  public static func conv4(
    inputSize: Int = 32, channels: [Int] = [64, 64, 64, 64], head: Head = .flatten, embeddingDimension: Int = 128,
    dropout: Double = 0, normalizeEmbedding: Bool = false
  ) -> EncoderArchitecture {
    EncoderArchitecture(
      family: .conv4, inputHeight: inputSize, inputWidth: inputSize, channels: channels, head: head,
      embeddingDimension: embeddingDimension, dropout: dropout, normalizeEmbedding: normalizeEmbedding)
  }

  /// A small ResNet (ResNet-10-like with the defaults: stages of 32, 64, 128, 256 channels,
  /// one basic block each), global average pool, linear to `embeddingDimension`.
  public static func resnet(
    inputSize: Int = 32, channels: [Int] = [32, 64, 128, 256], blocksPerStage: Int = 1,
    embeddingDimension: Int = 128, dropout: Double = 0, normalizeEmbedding: Bool = false
  ) -> EncoderArchitecture {
    EncoderArchitecture(
      family: .resnet, inputHeight: inputSize, inputWidth: inputSize, channels: channels,
      blocksPerStage: blocksPerStage, head: .globalAveragePool, embeddingDimension: embeddingDimension,
      dropout: dropout, normalizeEmbedding: normalizeEmbedding)
  }

  enum CodingKeys: String, CodingKey {
    case family
    case inputChannels = "input_channels"
    case inputHeight = "input_height"
    case inputWidth = "input_width"
    case channels
    case blocksPerStage = "blocks_per_stage"
    case head
    case embeddingDimension = "embedding_dimension"
    case dropout
    case normalizeEmbedding = "normalize_embedding"
  }

  /// Decodes, with defaults for the optional fields (`input_channels` 1,
  /// `blocks_per_stage` 1, `dropout` 0, `normalize_embedding` false).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    family = try c.decode(Family.self, forKey: .family)
    inputChannels = try c.decodeIfPresent(Int.self, forKey: .inputChannels) ?? 1
    inputHeight = try c.decode(Int.self, forKey: .inputHeight)
    inputWidth = try c.decode(Int.self, forKey: .inputWidth)
    channels = try c.decode([Int].self, forKey: .channels)
    blocksPerStage = try c.decodeIfPresent(Int.self, forKey: .blocksPerStage) ?? 1
    head = try c.decode(Head.self, forKey: .head)
    embeddingDimension = try c.decode(Int.self, forKey: .embeddingDimension)
    dropout = try c.decodeIfPresent(Double.self, forKey: .dropout) ?? 0
    normalizeEmbedding = try c.decodeIfPresent(Bool.self, forKey: .normalizeEmbedding) ?? false
  }

  public var description: String {
    let layers = channels.map(String.init).joined(separator: ",")
    return "\(family.rawValue)[\(layers)] \(inputChannels)×\(inputHeight)×\(inputWidth) → \(head.rawValue)"
      + (embeddingDimension > 0 ? " → \(embeddingDimension)" : "") + (normalizeEmbedding ? " (L2)" : "")
  }
}
