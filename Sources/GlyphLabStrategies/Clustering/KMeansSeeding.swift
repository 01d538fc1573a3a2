import Foundation
import GlyphLabCore

/// The starting centres of k-means: greedy k-means++ and uniform random choice. Both
/// return row indices of the points, drawn from the caller's generator only.
enum KMeansSeeding {
  /// scikit-learn's number of local trials for greedy k-means++: `2 + ⌊ln k⌋`.
  static func localTrials(clusters: Int) -> Int {
    2 + Int(log(Double(max(1, clusters))))
  }

  /// Greedy k-means++ as scikit-learn's `_kmeans_plusplus` does it: the first centre is a
  /// uniformly random point; each next one is the candidate, among `trials` drawn with
  /// probability ∝ D(x)² (the squared distance to the nearest centre so far), that leaves the
  /// smallest total potential Σ D(x)².
  ///
  /// Returns fewer than `clusters` indices when the potential reaches zero first, i.e. when
  /// the points have fewer distinct rows than `clusters`; the caller decides what that means.
  /// A zero-weight point (one already on a centre) is never drawn.
  ///
  /// Candidates are measured only against the points of centres within twice their radius
  /// (``KMeansSeedingState``: scanned in index order while the centres are few, grouped per
  /// centre later), which is exact: `pruning: false` measures every point and gives the same
  /// centres. Distances are computed directly (no norms), in pieces of a fixed
  /// size whose sums are added in order, so the result does not depend on the thread count
  /// or the CPU.
  ///
  /// - Complexity: O(k · trials · n · d) time at worst (every centre's members measured for
  ///   every candidate); with well-spread points close to O(n · d · trials · log k + k² ·
  ///   trials · d). O(n + k) extra memory.
  static func kMeansPlusPlus(
    points: Matrix, clusters: Int, trials requestedTrials: Int? = nil, pruning: Bool = true,
    generator: inout SeededGenerator
  ) throws -> [Int] {
    let n = points.rows
    guard n > 0, clusters > 0 else { return [] }
    guard n < Int(Int32.max) else {
      throw GlyphLabError.invalidArgument(
        operation: "KMeans", name: "points", value: "\(n) rows", reason: "k-means++ seeds at most 2³¹ − 1 points")
    }
    let trials = max(1, requestedTrials ?? localTrials(clusters: clusters))
    let first = generator.uniformInt(below: n)
    guard points.columns > 0 else { return [first] }
    return points.withUnsafeBufferPointer { buffer in
      var state = KMeansSeedingState(
        points: buffer.baseAddress!, count: n, dimension: points.columns, first: first,
        blockSize: BlockedReduction.defaultBlockSize, pruning: pruning)
      var gains: [Double] = []
      while state.centres.count < clusters, state.potential > 0 {
        var candidates = [Int]()
        for _ in 0..<trials {
          let target = generator.uniformDouble() * state.potential
          candidates.append(
            searchCumulative(
              state.closest, blockTotals: state.blockTotals, blockSize: state.blockSize, target: target))
        }
        state.evaluate(candidates: candidates, into: &gains)
        // The largest gain leaves the smallest potential; ties keep the earlier trial.
        var best = 0
        for i in 1..<gains.count where gains[i] > gains[best] { best = i }
        state.add(trial: best)
      }
      return state.centres.map { Int($0) }
    }
  }

  /// `count` distinct point indices drawn uniformly (scikit-learn's `init="random"`).
  static func random(points: Matrix, clusters: Int, generator: inout SeededGenerator) -> [Int] {
    generator.sample(min(clusters, points.rows), from: points.rows)
  }

  /// The first index whose running sum of `weights` exceeds `target` (so a zero weight is
  /// never chosen), or the last positive-weight index if rounding leaves `target` beyond the
  /// total. Block totals let the search skip whole blocks.
  static func searchCumulative(
    _ weights: [Float], blockTotals: [Double], blockSize: Int, target: Double
  ) -> Int {
    var accumulated = 0.0
    var block = 0
    while block < blockTotals.count - 1 && accumulated + blockTotals[block] <= target {
      accumulated += blockTotals[block]
      block += 1
    }
    let start = block * blockSize
    let end = min(weights.count, start + blockSize)
    var lastPositive = -1
    for i in start..<end where weights[i] > 0 {
      accumulated += Double(weights[i])
      lastPositive = i
      if accumulated > target { return i }
    }
    if lastPositive >= 0 { return lastPositive }
    // Rounding pushed the target past a block of zeros: take the last positive weight.
    return weights.lastIndex { $0 > 0 } ?? 0
  }
}
