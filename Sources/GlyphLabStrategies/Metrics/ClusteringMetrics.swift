import GlyphLabCore

/// External clustering-quality scores of a predicted labeling against the true one, each
/// computed as scikit-learn 1.9 computes it (`sklearn.metrics`), special cases included, plus
/// purity and the predicted cluster-size distribution.
///
/// Everything is computed from one sparse ``ContingencyTable``, so 100,000 labels in
/// thousands of clusters take milliseconds, apart from the expected mutual information that
/// AMI needs (see ``adjustedMutualInformation(_:)``).
public struct ClusteringMetrics: Sendable, Equatable, Codable {
  /// Adjusted Rand index: 1 for identical partitions, ≈ 0 for independent ones, can be < 0.
  public var adjustedRandIndex: Double
  /// Adjusted mutual information (arithmetic normalisation): 1 for identical, ≈ 0 by chance.
  public var adjustedMutualInformation: Double
  /// Normalised mutual information (arithmetic normalisation), in [0, 1].
  public var normalizedMutualInformation: Double
  /// Homogeneity: each cluster holds one class only (1 − H(C|K)/H(C)).
  public var homogeneity: Double
  /// Completeness: each class lies in one cluster only (1 − H(K|C)/H(K)).
  public var completeness: Double
  /// V-measure: the harmonic mean of homogeneity and completeness (β = 1); equals NMI.
  public var vMeasure: Double
  /// Fowlkes–Mallows index: the geometric mean of pairwise precision and recall.
  public var fowlkesMallows: Double
  /// Purity: the fraction of points in their cluster's majority class.
  public var purity: Double
  /// The number of distinct true labels.
  public var classCount: Int
  /// The predicted clusters' sizes.
  public var clusters: ClusterSizeSummary

  /// Scores `predicted` against `truth` (any `Int32` values; equal lengths).
  ///
  /// - Complexity: O(n log n) plus the expected mutual information's cost.
  public init(truth: [Int32], predicted: [Int32]) throws {
    self.init(table: try ContingencyTable(truth: truth, predicted: predicted))
  }

  /// Scores a contingency table.
  public init(table: ContingencyTable) {
    adjustedRandIndex = Self.adjustedRandIndex(table)
    adjustedMutualInformation = Self.adjustedMutualInformation(table)
    normalizedMutualInformation = Self.normalizedMutualInformation(table)
    let hcv = Self.homogeneityCompletenessVMeasure(table)
    homogeneity = hcv.homogeneity
    completeness = hcv.completeness
    vMeasure = hcv.vMeasure
    fowlkesMallows = Self.fowlkesMallows(table)
    purity = Self.purity(table)
    classCount = table.classCount
    clusters = ClusterSizeSummary(sizes: table.clusterSizes)
  }

  /// Purity: Σ over clusters of the largest class count in it, divided by n (the sum of the
  /// column maxima of the contingency table over n). 1 for no points.
  ///
  /// - Complexity: O(cells + clusters).
  public static func purity(_ table: ContingencyTable) -> Double {
    guard table.sampleCount > 0 else { return 1 }
    var largest = [Int](repeating: 0, count: table.clusterCount)
    for cell in table.cells where cell.count > largest[cell.column] { largest[cell.column] = cell.count }
    return Double(largest.reduce(0, +)) / Double(table.sampleCount)
  }
}
