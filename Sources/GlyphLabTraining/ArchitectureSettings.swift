/// The encoder network of a training spec (`architecture:`).
public struct ArchitectureSettings: Sendable, Equatable {
  /// The families of network.
  public enum Kind: String, Sendable, CaseIterable {
    /// Four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pool.
    case conv4
    /// A small residual network.
    case resnet
  }

  /// The family.
  public var kind: Kind
  /// Channels of each block (Conv-4: four values; ResNet: one per stage).
  public var channels: [Int]
  /// The embedding length, after a final linear layer; 0 = the pooled features as they are.
  public var embedding: Int

  /// An architecture of `kind` with `channels` per block and an `embedding`-long output.
  public init(kind: Kind, channels: [Int], embedding: Int = 0) {
    self.kind = kind
    self.channels = channels
    self.embedding = embedding
  }
}
