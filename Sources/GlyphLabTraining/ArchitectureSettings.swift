import GlyphLabNetworks

/// The encoder network of a training spec (`architecture:`), turned into a
/// GlyphLabNetworks ``EncoderArchitecture`` for the spec's input size.
public struct ArchitectureSettings: Sendable, Equatable {
  /// The family (`kind:`: `conv4` or `resnet`).
  public var family: EncoderArchitecture.Family
  /// Channels of each block (Conv-4) or stage (ResNet) (`channels:`).
  public var channels: [Int]
  /// Basic blocks per ResNet stage (`blocks_per_stage:`, default 1).
  public var blocksPerStage: Int
  /// How the last feature map becomes a vector (`head:`: `flatten`, the Conv-4 default, or
  /// `global_avg_pool`, the ResNet default).
  public var head: EncoderArchitecture.Head
  /// The embedding length after a final linear layer (`embedding:`, default 128; 0 = none).
  public var embedding: Int
  /// Dropout before the linear layer (`dropout:`, default 0).
  public var dropout: Double

  /// Settings for a network of `family`; see the properties.
  public init(
    family: EncoderArchitecture.Family, channels: [Int], blocksPerStage: Int = 1,
    head: EncoderArchitecture.Head? = nil, embedding: Int = 128, dropout: Double = 0
  ) {
    self.family = family
    self.channels = channels
    self.blocksPerStage = blocksPerStage
    self.head = head ?? (family == .conv4 ? .flatten : .globalAveragePool)
    self.embedding = embedding
    self.dropout = dropout
  }

  /// The default channels of each family.
  public static func defaultChannels(_ family: EncoderArchitecture.Family) -> [Int] {
    family == .conv4 ? [64, 64, 64, 64] : [32, 64, 128, 256]
  }

  /// The network for `inputSize × inputSize` grey images.
  public func architecture(inputSize: Int) -> EncoderArchitecture {
    EncoderArchitecture(
      family: family, inputHeight: inputSize, inputWidth: inputSize, channels: channels, blocksPerStage: blocksPerStage,
      head: head, embeddingDimension: embedding, dropout: dropout)
  }
}
