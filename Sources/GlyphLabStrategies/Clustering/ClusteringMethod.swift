import GlyphLabCore

/// An unsupervised glyph-clustering method. Configured by plain values with documented
/// defaults (including its `seed`), it clusters the rows of a feature matrix.
public protocol ClusteringMethod: Sendable {
  /// A short stable name for logs and reports, e.g. "kmeans".
  var name: String { get }
  /// Clusters the rows of `points`. Throws ``GlyphLabError`` on bad input (NaN, too few
  /// points, impossible parameters), naming the parameter.
  func cluster(_ points: Matrix) throws -> ClusteringResult
}
