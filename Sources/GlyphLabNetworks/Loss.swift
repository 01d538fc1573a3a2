/// A training objective on a batch of network outputs and integer labels.
///
/// `forward` computes the mean loss and keeps what `backward` needs; `backward` returns the
/// gradient of `upstream · loss` with respect to the input and accumulates the gradients of
/// the loss's own parameters (e.g. a cosine classifier's weights).
public protocol Loss: AnyObject {
  /// The mean loss over the batch, with the predictions it implies.
  func forward(_ input: Tensor, labels: [Int]) throws -> LossResult

  /// The input gradient of `upstream · loss` for the last `forward`.
  func backward(upstream: Float) throws -> Tensor

  /// The loss's learnable tensors (empty for most losses).
  var parameters: [Parameter] { get }
}

extension Loss {
  /// The input gradient of the last `forward`'s loss.
  public func backward() throws -> Tensor { try backward(upstream: 1) }
}

/// A loss value with the predicted and true labels of the examples it scored (all
/// examples, or a prototypical episode's queries).
public struct LossResult: Sendable, Equatable {
  /// The mean loss.
  public let loss: Float
  /// The predicted class of each scored example.
  public let predictions: [Int]
  /// The true class of each scored example.
  public let targets: [Int]

  /// Bundles a loss with its predictions.
  public init(loss: Float, predictions: [Int], targets: [Int]) {
    self.loss = loss
    self.predictions = predictions
    self.targets = targets
  }

  /// The number of correct predictions.
  public var correct: Int { zip(predictions, targets).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) } }

  /// The fraction of correct predictions (0 for none scored).
  public var accuracy: Double { predictions.isEmpty ? 0 : Double(correct) / Double(predictions.count) }
}
