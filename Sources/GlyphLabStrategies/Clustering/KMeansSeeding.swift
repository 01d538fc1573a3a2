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
  /// Distances come from one SGEMM per step (`trials × d` candidates against all points);
  /// sums run in fixed blocks, so the result does not depend on the thread count.
  ///
  /// - Complexity: O(k · trials · n · d) time; O(trials · n) extra memory.
  static func kMeansPlusPlus(
    points: Matrix, clusters: Int, trials requestedTrials: Int? = nil,
    generator: inout SeededGenerator
  ) throws -> [Int] {
    let n = points.rows
    guard n > 0, clusters > 0 else { return [] }
    let trials = max(1, requestedTrials ?? localTrials(clusters: clusters))
    let norms = points.rowSquaredNorms()
    let blockSize = BlockedReduction.defaultBlockSize
    var chosen = [generator.uniformInt(below: n)]
    chosen.reserveCapacity(clusters)

    var closest = try distances(from: [chosen[0]], points: points, norms: norms)
    var blockTotals = BlockedReduction.blockTotals(count: n, blockSize: blockSize) { range in
      closest[range].reduce(0.0) { $0 + Double($1) }
    }
    var potential = blockTotals.reduce(0, +)

    while chosen.count < clusters {
      guard potential > 0 else { break }
      var candidates = [Int]()
      for _ in 0..<trials {
        let target = generator.uniformDouble() * potential
        candidates.append(
          searchCumulative(closest, blockTotals: blockTotals, blockSize: blockSize, target: target))
      }
      let candidateDistances = try distances(from: candidates, points: points, norms: norms)
      // The potential each candidate would leave, Σ min(D(x)², d(x, candidate)²).
      let perBlock = trialPotentials(
        closest: closest, candidateDistances: candidateDistances, trials: trials,
        blockSize: blockSize)
      var best = 0
      var bestPotential = Double.infinity
      for t in 0..<trials {
        var total = 0.0
        for b in stride(from: t, to: perBlock.count, by: trials) { total += perBlock[b] }
        if total < bestPotential {
          bestPotential = total
          best = t
        }
      }
      chosen.append(candidates[best])
      let offset = best * n
      closest.withUnsafeMutableBufferPointer { c in
        candidateDistances.withUnsafeBufferPointer { cd in
          nonisolated(unsafe) let cBase = c.baseAddress!
          nonisolated(unsafe) let dBase = cd.baseAddress! + offset
          Parallel.forEachChunk(count: n, minimumChunk: 4096) { range in
            for i in range where dBase[i] < cBase[i] { cBase[i] = dBase[i] }
          }
        }
      }
      blockTotals = BlockedReduction.blockTotals(count: n, blockSize: blockSize) { range in
        closest[range].reduce(0.0) { $0 + Double($1) }
      }
      potential = blockTotals.reduce(0, +)
    }
    return chosen
  }

  /// `count` distinct point indices drawn uniformly (scikit-learn's `init="random"`).
  static func random(points: Matrix, clusters: Int, generator: inout SeededGenerator) -> [Int] {
    generator.sample(min(clusters, points.rows), from: points.rows)
  }

  /// Squared distances from each point to each of `indices`, as `indices.count` rows of `n`
  /// (row t holds the distances to point `indices[t]`), clamped at zero.
  static func distances(from indices: [Int], points: Matrix, norms: [Float]) throws -> [Float] {
    let n = points.rows
    let candidates = points.gathering(rows: indices)
    let candidateNorms = candidates.rowSquaredNorms()
    var products = Matrix(rows: indices.count, columns: n)
    try Matrix.gemm(candidates, .none, points, .transposed, alpha: -2, beta: 0, into: &products)
    var out = products.elements
    out.withUnsafeMutableBufferPointer { o in
      norms.withUnsafeBufferPointer { xn in
        nonisolated(unsafe) let oBase = o.baseAddress!
        nonisolated(unsafe) let xBase = xn.baseAddress!
        for t in 0..<indices.count {
          let cn = candidateNorms[t]
          let row = oBase + t * n
          Parallel.forEachChunk(count: n, minimumChunk: 4096) { range in
            for i in range { row[i] = max(0, row[i] + xBase[i] + cn) }
          }
        }
      }
    }
    return out
  }

  /// Per block and trial (block-major, `trials` values per block): Σ min(closest, candidate).
  static func trialPotentials(
    closest: [Float], candidateDistances: [Float], trials: Int, blockSize: Int
  ) -> [Double] {
    let n = closest.count
    let blocks = (n + blockSize - 1) / blockSize
    var out = [Double](repeating: 0, count: blocks * trials)
    out.withUnsafeMutableBufferPointer { o in
      closest.withUnsafeBufferPointer { c in
        candidateDistances.withUnsafeBufferPointer { cd in
          nonisolated(unsafe) let oBase = o.baseAddress!
          nonisolated(unsafe) let cBase = c.baseAddress!
          nonisolated(unsafe) let dBase = cd.baseAddress!
          Parallel.forEachChunk(count: blocks, minimumChunk: 1) { chunk in
            for b in chunk {
              let start = b * blockSize
              let end = min(n, start + blockSize)
              for t in 0..<trials {
                let row = dBase + t * n
                var s = 0.0
                for i in start..<end { s += Double(min(cBase[i], row[i])) }
                oBase[b * trials + t] = s
              }
            }
          }
        }
      }
    }
    return out
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
