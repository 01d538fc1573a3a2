/// The prototypical-network episode loss (Snell et al. 2017) on a batch of embeddings.
///
/// For each class in the batch, its first `shots` rows (in batch order) are the support
/// and its prototype is their mean; every other row is a query, scored by
/// `−‖q − prototype‖²` against each class's prototype, and the loss is the mean softmax
/// cross-entropy over queries. Predictions and targets are the queries' labels.
public final class PrototypicalLoss: Loss {
  /// Support examples per class.
  public let shots: Int
  private var cache:
    (
      x: [Float], d: Int, classOf: [Int], support: [Bool], prototypes: [Float], queries: [Int], p: [Float],
      localLabels: [Int], classes: Int
    )?

  /// An episode loss with `shots` support examples per class.
  public init(shots: Int) throws {
    guard shots > 0 else {
      throw NetworkError.invalidArgument(name: "PrototypicalLoss.shots", value: "\(shots)", reason: "must be positive")
    }
    self.shots = shots
  }

  public var parameters: [Parameter] { [] }

  /// - Complexity: O(N·D·K) for K classes.
  public func forward(_ input: Tensor, labels: [Int]) throws -> LossResult {
    guard input.rank == 2, input.shape[0] > 0 else {
      throw NetworkError.shape(layer: "PrototypicalLoss", detail: "input shape \(input.shape) is not N×D")
    }
    let (n, d) = (input.shape[0], input.shape[1])
    guard labels.count == n else {
      throw NetworkError.labels(loss: "PrototypicalLoss", detail: "\(labels.count) labels for a batch of \(n)")
    }
    var classIndex = [Int: Int]()
    var classLabels = [Int]()
    var seen = [Int]()
    var classOf = [Int](repeating: 0, count: n)
    var support = [Bool](repeating: false, count: n)
    for (i, label) in labels.enumerated() {
      let k: Int
      if let existing = classIndex[label] {
        k = existing
      } else {
        k = classLabels.count
        classIndex[label] = k
        classLabels.append(label)
        seen.append(0)
      }
      classOf[i] = k
      if seen[k] < shots {
        support[i] = true
        seen[k] += 1
      }
    }
    let classes = classLabels.count
    guard seen.allSatisfy({ $0 == shots }) else {
      throw NetworkError.labels(
        loss: "PrototypicalLoss", detail: "every class needs \(shots) support examples; a class has fewer")
    }
    let queries = (0..<n).filter { !support[$0] }
    guard !queries.isEmpty else {
      throw NetworkError.labels(loss: "PrototypicalLoss", detail: "the episode has no queries (only support examples)")
    }
    var prototypes = [Float](repeating: 0, count: classes * d)
    for i in 0..<n where support[i] {
      for j in 0..<d { prototypes[classOf[i] * d + j] += input.values[i * d + j] }
    }
    for i in prototypes.indices { prototypes[i] /= Float(shots) }
    var logits = [Float](repeating: 0, count: queries.count * classes)
    for (q, i) in queries.enumerated() {
      for k in 0..<classes {
        var s: Float = 0
        for j in 0..<d {
          let diff = input.values[i * d + j] - prototypes[k * d + j]
          s += diff * diff
        }
        logits[q * classes + k] = -s
      }
    }
    let localLabels = queries.map { classOf[$0] }
    let (p, loss, predicted) = try SoftmaxCrossEntropy.softmax(
      Tensor(uncheckedShape: [queries.count, classes], values: logits), labels: localLabels, name: "PrototypicalLoss")
    cache = (input.values, d, classOf, support, prototypes, queries, p, localLabels, classes)
    return LossResult(
      loss: loss, predictions: predicted.map { classLabels[$0] }, targets: queries.map { labels[$0] })
  }

  /// - Complexity: O(N·D·K).
  public func backward(upstream: Float) throws -> Tensor {
    guard let c = cache else { throw NetworkError.backwardWithoutForward(layer: "PrototypicalLoss") }
    let d = c.d
    let n = c.x.count / max(1, d)
    let dz = SoftmaxCrossEntropy.gradient(
      probabilities: c.p, labels: c.localLabels, classes: c.classes, upstream: upstream
    ).values
    var dx = [Float](repeating: 0, count: n * d)
    var dPrototype = [Float](repeating: 0, count: c.classes * d)
    for (q, i) in c.queries.enumerated() {
      for k in 0..<c.classes {
        let g = dz[q * c.classes + k]
        for j in 0..<d {
          let diff = c.x[i * d + j] - c.prototypes[k * d + j]
          dx[i * d + j] -= 2 * g * diff
          dPrototype[k * d + j] += 2 * g * diff
        }
      }
    }
    for i in 0..<n where c.support[i] {
      for j in 0..<d { dx[i * d + j] += dPrototype[c.classOf[i] * d + j] / Float(shots) }
    }
    return Tensor(uncheckedShape: [n, d], values: dx)
  }
}
