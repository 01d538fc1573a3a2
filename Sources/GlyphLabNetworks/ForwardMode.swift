/// Whether a forward pass is for training (batch statistics, dropout, caching what backward
/// needs) or inference (running statistics, no dropout, nothing cached).
public enum ForwardMode: Sendable, Equatable {
  /// Training: batch norm uses and updates batch statistics, dropout drops, and each layer
  /// keeps what its backward pass needs.
  case training
  /// Inference: deterministic, nothing kept for a backward pass.
  case inference
}
