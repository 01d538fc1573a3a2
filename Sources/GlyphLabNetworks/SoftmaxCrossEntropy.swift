import Foundation
import GlyphLabCore

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
    // Rows are independent: each chunk of rows writes only its own probabilities, arg-maxes
    // and loss terms, in a serial loop's order; the loss terms are then summed in row order,
    // so the result does not depend on the threads.
    var p = [Float](repeating: 0, count: n * c)
    var predictions = [Int](repeating: 0, count: n)
    var terms = [Float](repeating: 0, count: n)
    logits.values.withUnsafeBufferPointer { z in
      p.withUnsafeMutableBufferPointer { pp in
        predictions.withUnsafeMutableBufferPointer { pred in
          terms.withUnsafeMutableBufferPointer { term in
            nonisolated(unsafe) let (z, pp, pred, term) = (z, pp, pred, term)
            Parallel.forEachChunk(count: n, minimumChunk: max(1, 16_384 / c)) { rows in
              for i in rows {
                let zi = z.baseAddress! + i * c
                let pi = pp.baseAddress! + i * c
                var maximum = -Float.infinity
                var best = 0
                for j in 0..<c where zi[j] > maximum {
                  maximum = zi[j]
                  best = j
                }
                var sum: Float = 0
                for j in 0..<c {
                  let e = Foundation.exp(zi[j] - maximum)
                  pi[j] = e
                  sum += e
                }
                for j in 0..<c { pi[j] /= sum }
                pred[i] = best
                term[i] = Foundation.log(sum) + maximum - zi[labels[i]]
              }
            }
          }
        }
      }
    }
    var total: Double = 0
    for t in terms { total += Double(t) }
    return (p, Float(total / Double(n)), predictions)
  }

  static func gradient(probabilities p: [Float], labels: [Int], classes c: Int, upstream: Float) -> Tensor {
    let n = labels.count
    var g = p
    let scale = upstream / Float(n)
    g.withUnsafeMutableBufferPointer { gg in
      nonisolated(unsafe) let gg = gg
      Parallel.forEachChunk(count: n, minimumChunk: max(1, 16_384 / max(1, c))) { rows in
        for i in rows {
          let gi = gg.baseAddress! + i * c
          gi[labels[i]] -= 1
          for j in 0..<c { gi[j] *= scale }
        }
      }
    }
    return Tensor(uncheckedShape: [n, c], values: g)
  }
}
