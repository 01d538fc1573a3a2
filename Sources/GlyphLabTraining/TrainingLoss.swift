/// The training objective of an encoder (`loss:` in a training spec).
public enum TrainingLoss: Sendable, Equatable {
  /// Softmax cross-entropy over a linear classifier on the embedding.
  case softmax
  /// Normalised softmax (a cosine classifier with a scale, the SimpleShot/CosFace family):
  /// logits are `scale · cos(embedding, class weight)`.
  case cosineSoftmax(scale: Float)
  /// The prototypical-network episode loss: each step draws `ways` classes, `shots` support
  /// and `queries` query images of each, and classifies the queries by the nearest support
  /// mean (squared Euclidean distance).
  case prototypical(ways: Int, shots: Int, queries: Int)

  /// The names of the kinds, as a spec spells them.
  public enum Kind: String, Sendable, CaseIterable {
    case softmax
    case cosineSoftmax = "cosine-softmax"
    case prototypical
  }

  /// The kind.
  public var kind: Kind {
    switch self {
    case .softmax: return .softmax
    case .cosineSoftmax: return .cosineSoftmax
    case .prototypical: return .prototypical
    }
  }

  /// Whether the loss trains a classifier head over the training classes.
  public var hasClassifier: Bool { kind != .prototypical }
}
