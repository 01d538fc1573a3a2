import GlyphLabCore

extension ClusteringMetrics {
  /// The pair confusion counts of scikit-learn's `pair_confusion_matrix`: ordered pairs of
  /// distinct points that are together in both labelings (`togetherInBoth`), only in the
  /// predicted one (`togetherInPredictedOnly`), only in the true one (`togetherInTruthOnly`),
  /// or in neither (`apartInBoth`).
  ///
  /// - Complexity: O(cells).
  public static func pairConfusion(
    _ table: ContingencyTable
  ) -> (apartInBoth: Int, togetherInPredictedOnly: Int, togetherInTruthOnly: Int, togetherInBoth: Int) {
    let n = table.sampleCount
    var sumSquares = 0
    var byCluster = 0
    var byClass = 0
    for cell in table.cells {
      sumSquares += cell.count * cell.count
      byCluster += cell.count * table.clusterSizes[cell.column]
      byClass += cell.count * table.classSizes[cell.row]
    }
    let togetherInBoth = sumSquares - n
    let predictedOnly = byCluster - sumSquares
    let truthOnly = byClass - sumSquares
    let apart = n * n - predictedOnly - truthOnly - sumSquares
    return (apart, predictedOnly, truthOnly, togetherInBoth)
  }

  /// Adjusted Rand index, as scikit-learn's `adjusted_rand_score`:
  /// 2(tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)) over the pair confusion
  /// counts, and exactly 1 when no pair is split differently (fp = fn = 0), which covers
  /// empty input, identical partitions and both-all-singletons.
  ///
  /// - Complexity: O(cells).
  public static func adjustedRandIndex(_ table: ContingencyTable) -> Double {
    let (tn, fp, fn, tp) = pairConfusion(table)
    if fn == 0 && fp == 0 { return 1 }
    // The products reach n⁴ (beyond Int64 for n ≳ 55,000), so they are formed in Double;
    // their rounding error is ~1e-16 of the denominator's scale.
    let (dtn, dfp, dfn, dtp) = (Double(tn), Double(fp), Double(fn), Double(tp))
    return 2 * (dtp * dtn - dfn * dfp) / ((dtp + dfn) * (dfn + dtn) + (dtp + dfp) * (dfp + dtn))
  }

  /// Fowlkes–Mallows index, as scikit-learn's `fowlkes_mallows_score`:
  /// √(tk/pk) · √(tk/qk) with tk = Σnᵢⱼ² − n, pk = Σbⱼ² − n, qk = Σaᵢ² − n; 0 when tk = 0.
  ///
  /// - Complexity: O(cells + classes + clusters).
  public static func fowlkesMallows(_ table: ContingencyTable) -> Double {
    let n = table.sampleCount
    let tk = table.cells.reduce(0) { $0 + $1.count * $1.count } - n
    guard tk != 0 else { return 0 }
    let pk = table.clusterSizes.reduce(0) { $0 + $1 * $1 } - n
    let qk = table.classSizes.reduce(0) { $0 + $1 * $1 } - n
    return (Double(tk) / Double(pk)).squareRoot() * (Double(tk) / Double(qk)).squareRoot()
  }
}
