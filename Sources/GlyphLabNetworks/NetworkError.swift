import Foundation

/// An error from the network library, naming the layer, tensor or file at fault.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An input whose shape the layer cannot take.
  case shape(layer: String, detail: String)
  /// `backward` without a preceding training-mode `forward`.
  case backwardWithoutForward(layer: String)
  /// A labels array that does not fit the batch.
  case labels(loss: String, detail: String)
  /// An invalid hyper-parameter or architecture field.
  case invalidArgument(name: String, value: String, reason: String)
  /// A weights file that cannot be used.
  case weightsFile(path: String, reason: String)

  public var description: String {
    switch self {
    case .shape(let layer, let detail): return "\(layer): \(detail)"
    case .backwardWithoutForward(let layer):
      return "\(layer): backward called without a training-mode forward pass before it"
    case .labels(let loss, let detail): return "\(loss): \(detail)"
    case .invalidArgument(let name, let value, let reason): return "invalid \(name) = \(value): \(reason)"
    case .weightsFile(let path, let reason): return "\(path): \(reason)"
    }
  }
}

extension NetworkError: LocalizedError {
  public var errorDescription: String? { description }
}
