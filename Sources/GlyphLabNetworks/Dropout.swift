import GlyphLabCore

/// Inverted dropout: in training, each element is zeroed with probability `probability` and
/// the rest scaled by `1 / (1 − probability)`; inference passes the input through.
///
/// The mask of the k-th training forward pass is drawn from `generator.derived(k)`, so it
/// depends on the seed and the pass count only, never on threads. ``passCount`` is state a
/// checkpoint may restore.
public final class Dropout: Layer {
  public let probability: Float
  public let generator: SeededGenerator
  /// Training forward passes so far.
  public var passCount: UInt64 = 0
  private var cachedMask: [Float]?

  /// A dropout dropping with `probability` in [0, 1).
  public init(probability: Float, generator: SeededGenerator) throws {
    guard probability >= 0, probability < 1 else {
      throw NetworkError.invalidArgument(
        name: "Dropout.probability", value: "\(probability)", reason: "must be in [0, 1)")
    }
    self.probability = probability
    self.generator = generator
  }

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }
  public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

  /// - Complexity: O(n).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    guard mode == .training else {
      cachedMask = nil
      return input
    }
    var g = generator.derived(passCount)
    passCount += 1
    let keep = 1 / (1 - probability)
    let threshold = UInt64(Double(probability) * 18_446_744_073_709_551_616.0)
    var mask = [Float](repeating: 0, count: input.count)
    for i in mask.indices where probability == 0 || g.next() >= threshold { mask[i] = keep }
    var output = input
    for i in mask.indices { output.values[i] *= mask[i] }
    cachedMask = mask
    return output
  }

  /// - Complexity: O(n).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let mask = cachedMask else { throw NetworkError.backwardWithoutForward(layer: "Dropout") }
    guard outputGradient.count == mask.count else {
      throw NetworkError.shape(layer: "Dropout", detail: "output gradient shape \(outputGradient.shape) ≠ the input's")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    var result = outputGradient
    for i in mask.indices { result.values[i] *= mask[i] }
    return result
  }
}
