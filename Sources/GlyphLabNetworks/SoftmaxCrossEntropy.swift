import Foundation

/// Softmax cross-entropy on `N × C` logits (PyTorch's `nn.CrossEntropyLoss`, mean
/// reduction), computed with the log-sum-exp shift.
public final class SoftmaxCrossEntropy: Loss {
  private var cache: (probabilities: [Float], labels: [Int], classes: Int)?

  /// A cross-entropy loss.
  public init() {}

  public var parameters: [Parameter] { [] }

  /// - Complexity: O(N·C).
  public func forward(_ input: Tensor, labels: [Int]) throws -> LossResult {
    let (p, loss, predictions) = try Self.softmax(input, labels: labels, name: "SoftmaxCrossEntropy")
    cache = (p, labels, input.shape[1])
    return LossResult(loss: loss, predictions: predictions, targets: labels)
  }

  /// `(softmax − onehot) · upstream / N`.
  ///
  /// - Complexity: O(N·C).
  public func backward(upstream: Float) throws -> Tensor {
    guard let (p, labels, c) = cache else { throw NetworkError.backwardWithoutForward(layer: "SoftmaxCrossEntropy") }
    return Self.gradient(probabilities: p, labels: labels, classes: c, upstream: upstream)
  }

  /// Softmax probabilities (row-major), the mean cross-entropy and the arg-max of each row.
  static func softmax(_ logits: Tensor, labels: [Int], name: String) throws -> ([Float], Float, [Int]) {
    guard logits.rank == 2, logits.shape[0] > 0, logits.shape[1] > 0 else {
      throw NetworkError.shape(layer: name, detail: "logits shape \(logits.shape) is not N×C")
    }
    let (n, c) = (logits.shape[0], logits.shape[1])
    guard labels.count == n else {
      throw NetworkError.labels(loss: name, detail: "\(labels.count) labels for a batch of \(n)")
    }
    if let bad = labels.first(where: { $0 < 0 || $0 >= c }) {
      throw NetworkError.labels(loss: name, detail: "label \(bad) outside 0..<\(c)")
    }
    var p = [Float](repeating: 0, count: n * c)
    var total: Double = 0
    var predictions = [Int](repeating: 0, count: n)
    for i in 0..<n {
      var maximum = -Float.infinity
      for j in 0..<c where logits.values[i * c + j] > maximum {
        maximum = logits.values[i * c + j]
        predictions[i] = j
      }
      var sum: Float = 0
      for j in 0..<c {
        let e = Foundation.exp(logits.values[i * c + j] - maximum)
        p[i * c + j] = e
        sum += e
      }
      for j in 0..<c { p[i * c + j] /= sum }
      total += Double(Foundation.log(sum) + maximum - logits.values[i * c + labels[i]])
    }
    return (p, Float(total / Double(n)), predictions)
  }

  static func gradient(probabilities p: [Float], labels: [Int], classes c: Int, upstream: Float) -> Tensor {
    let n = labels.count
    var g = p
    let scale = upstream / Float(n)
    for i in 0..<n {
      g[i * c + labels[i]] -= 1
      for j in 0..<c { g[i * c + j] *= scale }
    }
    return Tensor(uncheckedShape: [n, c], values: g)
  }
}
