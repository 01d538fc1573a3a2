import GlyphLabCore
import GlyphLabNetworks

/// What sits on top of the encoder during training and is not part of it: the loss and, for
/// softmax cross-entropy, a linear classifier over the training classes. Its tensors are
/// named `head.<name>` in checkpoints.
final class TrainingHead {
  let loss: any Loss
  let linear: Linear?

  /// The head for `objective` over `features`-long embeddings and `classes` classes, its
  /// weights drawn from `generator`.
  init(objective: TrainingLoss, features: Int, classes: Int, generator: SeededGenerator) throws {
    switch objective {
    case .softmax:
      linear = try Linear(inputFeatures: features, outputFeatures: classes, generator: generator.derived("linear"))
      loss = SoftmaxCrossEntropy()
    case .cosineSoftmax(let scale):
      linear = nil
      loss = try CosineSoftmaxLoss(features: features, classes: classes, scale: scale, generator: generator)
    case .prototypical(_, let shots, _):
      linear = nil
      loss = try PrototypicalLoss(shots: shots)
    }
  }

  /// The learnable tensors.
  var parameters: [Parameter] { (linear?.parameters ?? []) + loss.parameters }

  /// The loss of `embedding` for `labels`, keeping what ``backward()`` needs.
  func forward(_ embedding: Tensor, labels: [Int]) throws -> LossResult {
    let input = try linear?.forward(embedding, mode: .training) ?? embedding
    return try loss.forward(input, labels: labels)
  }

  /// The gradient of the last loss with respect to the embedding; accumulates the head's
  /// parameter gradients.
  func backward() throws -> Tensor {
    let gradient = try loss.backward()
    return try linear?.backward(gradient) ?? gradient
  }

  /// The head's tensors by checkpoint name.
  var state: [String: Tensor] {
    var out: [String: Tensor] = [:]
    for p in parameters { out["head.\(p.name)"] = p.value }
    return out
  }

  /// Restores ``state``; throws naming a missing or mis-shaped tensor.
  func loadState(_ state: [String: Tensor], path: String) throws {
    for p in parameters {
      guard let value = state["head.\(p.name)"], value.shape == p.value.shape else {
        throw EncoderError.weightsFile(
          path: path, reason: "checkpoint tensor /checkpoint/head.\(p.name) is missing or of another shape")
      }
      p.value = value
    }
  }
}
