/// The window of a 2-D pooling layer without padding, in floor mode (PyTorch's default):
/// `size × size` pixels every `stride` pixels. Max and average pooling share its checks and
/// output shape.
struct PoolingWindow: Sendable, Equatable {
  /// The window's side, in pixels.
  let size: Int
  /// The step between windows, in pixels.
  let stride: Int
  /// The layer's name in errors, e.g. "MaxPool2D".
  let layer: String

  /// A window of `size` with `stride` (default: `size`); both must be positive.
  init(layer: String, size: Int, stride: Int?) throws {
    guard size > 0, (stride ?? size) > 0 else {
      throw NetworkError.invalidArgument(
        name: layer, value: "kernel \(size), stride \(stride ?? size)", reason: "must be positive")
    }
    self.layer = layer
    self.size = size
    self.stride = stride ?? size
  }

  /// N×C×Ho×Wo for an N×C×H×W input with H, W ≥ `size`: Ho = (H − size) / stride + 1.
  func outputShape(for inputShape: [Int]) throws -> [Int] {
    guard inputShape.count == 4, inputShape[2] >= size, inputShape[3] >= size else {
      throw NetworkError.shape(
        layer: "\(layer)(\(size))", detail: "input shape \(inputShape) is not N×C×H×W with H, W ≥ \(size)")
    }
    return [inputShape[0], inputShape[1], (inputShape[2] - size) / stride + 1, (inputShape[3] - size) / stride + 1]
  }
}
