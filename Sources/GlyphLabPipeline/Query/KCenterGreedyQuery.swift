import CBLAS
import GlyphLabCore

/// Core-set selection by k-center greedy (Sener & Savarese, 2018): repeatedly the pool glyph
/// farthest from everything labelled or already chosen.
public struct KCenterGreedyQuery: QueryStrategy {
  public var name: String { "k-center" }
  public init() {}

  /// - Complexity: O(pool × (labeled + count) × d): one fused argmin against the labelled
  ///   set, then one distance pass per chosen glyph.
  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    let pool = context.features.gathering(rows: context.pool)
    var nearest: [Float]
    if context.labeled.isEmpty {
      nearest = [Float](repeating: .infinity, count: pool.rows)
    } else {
      nearest = try DistanceKernel().argmin(
        queries: pool, references: context.features.gathering(rows: context.labeled)
      ).distances
    }
    let norms = pool.rowSquaredNorms()
    let d = pool.columns
    var chosen: [Int] = []
    var dots = [Float](repeating: 0, count: pool.rows)
    for _ in 0..<n {
      // The farthest glyph; ties (e.g. all infinite at the start) broken by the seed.
      let best = nearest.max() ?? 0
      let ties = nearest.indices.filter { nearest[$0] == best }
      let pick = ties[generator.uniformInt(below: ties.count)]
      chosen.append(pick)
      nearest[pick] = -1
      // Distances from every pool glyph to the new centre: ‖x‖² + ‖c‖² − 2 x·c.
      pool.withUnsafeBufferPointer { p in
        dots.withUnsafeMutableBufferPointer { out in
          cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(pool.rows), Int32(d), 1, p.baseAddress, Int32(d),
            p.baseAddress! + pick * d, 1, 0, out.baseAddress, 1)
        }
      }
      for i in 0..<pool.rows where nearest[i] >= 0 {
        let distance = max(0, norms[i] + norms[pick] - 2 * dots[i])
        if distance < nearest[i] { nearest[i] = distance }
      }
    }
    return chosen.map { context.pool[$0] }
  }
}
