/// A dissimilarity between two feature vectors, as the distance kernels compute it.
public enum DistanceMetric: String, Sendable, Codable, CaseIterable {
  /// ‖x − y‖², computed as ‖x‖² + ‖y‖² − 2·x·y and clamped at 0.
  case squaredEuclidean = "sqeuclidean"
  /// 1 − x·y / (‖x‖‖y‖), clamped to [0, 2]. A zero row has similarity 0 to everything
  /// (distance 1), as in scikit-learn's `cosine_distances`.
  case cosine
}
