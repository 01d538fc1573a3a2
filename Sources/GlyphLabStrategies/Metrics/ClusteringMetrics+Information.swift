import Foundation
import GlyphLabCore

extension ClusteringMetrics {
  /// The entropy (nats) of a labeling with these group sizes, as scikit-learn's `entropy`:
  /// 1 for no points (scikit-learn's convention), 0 for a single group.
  ///
  /// - Complexity: O(groups).
  public static func entropy(sizes: [Int]) -> Double {
    let positive = sizes.filter { $0 > 0 }
    guard !positive.isEmpty else { return 1 }
    guard positive.count > 1 else { return 0 }
    let total = Double(positive.reduce(0, +))
    let logTotal = log(total)
    var sum = 0.0
    for size in positive {
      let p = Double(size)
      sum += (p / total) * (log(p) - logTotal)
    }
    return -sum
  }

  /// Mutual information (nats), as scikit-learn's `mutual_info_score`: 0 if either labeling
  /// has a single group; per-cell terms below machine epsilon are dropped and the sum is
  /// clipped at 0.
  ///
  /// - Complexity: O(cells).
  public static func mutualInformation(_ table: ContingencyTable) -> Double {
    guard table.classCount > 1, table.clusterCount > 1 else { return 0 }
    let n = Double(table.sampleCount)
    let logN = log(n)
    var mi = 0.0
    for cell in table.cells {
      let count = Double(cell.count)
      let fraction = count / n
      let outer = Double(table.classSizes[cell.row] * table.clusterSizes[cell.column])
      let logOuter = -log(outer) + logN + logN
      let term = fraction * (log(count) - logN) + fraction * logOuter
      if abs(term) >= Double.ulpOfOne { mi += term }
    }
    return max(0, mi)
  }

  /// Normalised mutual information with the arithmetic mean of the entropies, as
  /// scikit-learn's `normalized_mutual_info_score`: 1 when both labelings have one group (or
  /// there are no points), 0 when the mutual information is 0.
  ///
  /// - Complexity: O(cells + classes + clusters).
  public static func normalizedMutualInformation(_ table: ContingencyTable) -> Double {
    if table.classCount == table.clusterCount && table.classCount <= 1 { return 1 }
    let mi = mutualInformation(table)
    guard mi != 0 else { return 0 }
    let normalizer = (entropy(sizes: table.classSizes) + entropy(sizes: table.clusterSizes)) / 2
    return mi / normalizer
  }

  /// Homogeneity, completeness and V-measure (β = 1), as scikit-learn's
  /// `homogeneity_completeness_v_measure`: all 1 for no points; homogeneity is 1 when the
  /// true labeling has zero entropy, completeness 1 when the predicted one has.
  ///
  /// - Complexity: O(cells + classes + clusters).
  public static func homogeneityCompletenessVMeasure(
    _ table: ContingencyTable
  ) -> (homogeneity: Double, completeness: Double, vMeasure: Double) {
    guard table.sampleCount > 0 else { return (1, 1, 1) }
    let entropyClasses = entropy(sizes: table.classSizes)
    let entropyClusters = entropy(sizes: table.clusterSizes)
    let mi = mutualInformation(table)
    let homogeneity = entropyClasses != 0 ? mi / entropyClasses : 1
    let completeness = entropyClusters != 0 ? mi / entropyClusters : 1
    let vMeasure =
      homogeneity + completeness == 0 ? 0 : 2 * homogeneity * completeness / (homogeneity + completeness)
    return (homogeneity, completeness, vMeasure)
  }
}
