import Foundation
import GlyphLabCore

extension ClusteringMetrics {
  /// The expected mutual information (nats) of two random labelings with this table's class
  /// and cluster sizes (the hypergeometric model of Vinh, Epps & Bailey, 2010), computed as
  /// scikit-learn's `expected_mutual_information`:
  ///
  /// EMI = Σᵢ Σⱼ Σ_{nᵢⱼ = max(1, aᵢ + bⱼ − n)}^{min(aᵢ, bⱼ)} (nᵢⱼ/n) · log(n·nᵢⱼ / (aᵢbⱼ)) ·
  ///       aᵢ! bⱼ! (n − aᵢ)! (n − bⱼ)! / (n! nᵢⱼ! (aᵢ − nᵢⱼ)! (bⱼ − nᵢⱼ)! (n − aᵢ − bⱼ + nᵢⱼ)!)
  ///
  /// with the factorials in log space (a table of log k! for k ≤ n). 0 when either labeling
  /// has a single group. The (i, j) term depends only on the sizes aᵢ and bⱼ, so classes and
  /// clusters of equal size are grouped and each distinct size pair is summed once, weighted
  /// by its multiplicity: the same sum, in a different order (it agrees with scikit-learn to
  /// ~1e-15 relative).
  ///
  /// - Complexity: O(n + Dₐ · D_b · s) time and O(n) memory, where Dₐ and D_b are the numbers
  ///   of distinct class and cluster sizes (each at most √(2n), and usually far fewer) and s
  ///   the typical min(aᵢ, bⱼ); scikit-learn's loop is O(C · K · s) over all C classes and K
  ///   clusters. Distinct class sizes are spread over the threads, deterministically.
  public static func expectedMutualInformation(_ table: ContingencyTable) -> Double {
    guard table.classCount > 1, table.clusterCount > 1 else { return 0 }
    let n = table.sampleCount
    let rows = sizeGroups(table.classSizes)
    let columns = sizeGroups(table.clusterSizes)
    let largest = max(rows.last?.size ?? 0, columns.last?.size ?? 0)
    // logFactorial[k] = log k! = lgamma(k + 1), for k = 0...n.
    var logFactorial = [Double](repeating: 0, count: n + 1)
    for k in 0...n { logFactorial[k] = lgamma(Double(k) + 1) }
    let logN = log(Double(n))
    var logCount = [Double](repeating: 0, count: largest + 1)
    if largest >= 1 { for k in 1...largest { logCount[k] = log(Double(k)) } }

    var partials = [Double](repeating: 0, count: rows.count)
    partials.withUnsafeMutableBufferPointer { out in
      logFactorial.withUnsafeBufferPointer { lf in
        logCount.withUnsafeBufferPointer { lc in
          nonisolated(unsafe) let outBase = out.baseAddress!
          nonisolated(unsafe) let lfBase = lf.baseAddress!
          nonisolated(unsafe) let lcBase = lc.baseAddress!
          Parallel.forEachChunk(count: rows.count, minimumChunk: 1) { range in
            for r in range {
              let a = rows[r].size
              var rowSum = 0.0
              for column in columns {
                let b = column.size
                let start = max(1, a - n + b)
                let end = min(a, b)
                guard start <= end else { continue }
                let base = lfBase[a] + lfBase[b] + lfBase[n - a] + lfBase[n - b] - lfBase[n]
                let logAB = lcBase[a] + lcBase[b]
                var inner = 0.0
                for nij in start...end {
                  let term1 = Double(nij) / Double(n)
                  let term2 = logN + lcBase[nij] - logAB
                  let gln = base - lfBase[nij] - lfBase[a - nij] - lfBase[b - nij] - lfBase[n - a - b + nij]
                  inner += term1 * term2 * exp(gln)
                }
                rowSum += Double(column.multiplicity) * inner
              }
              outBase[r] = Double(rows[r].multiplicity) * rowSum
            }
          }
        }
      }
    }
    return partials.reduce(0, +)
  }

  /// Adjusted mutual information with the arithmetic mean of the entropies, as
  /// scikit-learn's `adjusted_mutual_info_score`: (MI − EMI) / (mean(H(C), H(K)) − EMI), with
  /// the denominator kept at least machine epsilon away from 0 (sign preserved); exactly 1
  /// when both labelings have one group (or there are no points).
  ///
  /// - Complexity: that of ``expectedMutualInformation(_:)``.
  public static func adjustedMutualInformation(_ table: ContingencyTable) -> Double {
    if table.classCount == table.clusterCount && table.classCount <= 1 { return 1 }
    let mi = mutualInformation(table)
    let emi = expectedMutualInformation(table)
    let normalizer = (entropy(sizes: table.classSizes) + entropy(sizes: table.clusterSizes)) / 2
    var denominator = normalizer - emi
    if denominator < 0 {
      denominator = min(denominator, -Double.ulpOfOne)
    } else {
      denominator = max(denominator, Double.ulpOfOne)
    }
    return (mi - emi) / denominator
  }

  /// The distinct positive sizes, ascending, with how many groups have each.
  static func sizeGroups(_ sizes: [Int]) -> [(size: Int, multiplicity: Int)] {
    var groups: [(size: Int, multiplicity: Int)] = []
    for size in sizes.filter({ $0 > 0 }).sorted() {
      if let last = groups.last, last.size == size {
        groups[groups.count - 1].multiplicity += 1
      } else {
        groups.append((size, 1))
      }
    }
    return groups
  }
}
