import GlyphLabDatasets

/// How ``EncoderTrainer/fineTune(_:images:labels:classCount:settings:)`` adapts an encoder to
/// settled glyphs (recognising while training).
public struct FineTuneSettings: Sendable, Equatable {
  /// Which of the encoder's weights are trained.
  public enum Layers: Sendable, Equatable {
    /// Every layer.
    case all
    /// The last `n` top-level layers that have weights (for a Conv-4: 1 = the final linear
    /// layer, 2 = it and the last batch norm, …); the others are frozen. Batch norms keep
    /// updating their running statistics either way.
    case last(Int)
  }

  /// Passes over the glyphs (≥ 1).
  public var epochs: Int
  /// A wall-time cap in seconds, checked between steps (`nil` = none). A cap makes the
  /// result depend on the machine's speed; an epoch limit alone is deterministic.
  public var seconds: Double?
  /// The weights trained (default all).
  public var layers: Layers
  /// SGD's learning rate (constant), momentum and weight decay.
  public var learningRate: Float
  public var momentum: Float
  public var weightDecay: Float
  /// Images per step (default 64).
  public var batchSize: Int
  /// The cosine-softmax head's scale (default 16). The head starts from each class's mean
  /// embedding (weight imprinting), so the first steps already classify sensibly.
  public var scale: Float
  /// Per-sample augmentation (default none).
  public var augmentation: GlyphAugmentation.Configuration
  /// The seed of every draw (shuffling, augmentation).
  public var seed: UInt64

  /// Settings; see the properties for the defaults.
  public init(
    epochs: Int = 1, seconds: Double? = nil, layers: Layers = .all, learningRate: Float = 0.01,
    momentum: Float = 0.9, weightDecay: Float = 5e-4, batchSize: Int = 64, scale: Float = 16,
    augmentation: GlyphAugmentation.Configuration = .none, seed: UInt64 = 0
  ) {
    self.epochs = epochs
    self.seconds = seconds
    self.layers = layers
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.batchSize = batchSize
    self.scale = scale
    self.augmentation = augmentation
    self.seed = seed
  }
}
