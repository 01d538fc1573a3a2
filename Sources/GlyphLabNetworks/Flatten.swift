/// `N × d1 × d2 × … → N × (d1·d2·…)`, sharing storage.
public final class Flatten: Layer {
  private var cachedInputShape: [Int]?

  /// A flatten.
  public init() {}

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard let n = inputShape.first else {
      throw NetworkError.shape(layer: "Flatten", detail: "input has no dimensions")
    }
    return [n, inputShape.dropFirst().reduce(1, *)]
  }

  /// - Complexity: O(1).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    cachedInputShape = mode == .training ? input.shape : nil
    return try input.reshaped(outputShape(for: input.shape))
  }

  /// - Complexity: O(1).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let inputShape = cachedInputShape else { throw NetworkError.backwardWithoutForward(layer: "Flatten") }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    return try outputGradient.reshaped(inputShape)
  }
}
