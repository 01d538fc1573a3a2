import GlyphLabCore
import GlyphLabStrategies

/// TypiClust-style selection (Hacohen et al., 2022): from each cluster that no person has
/// labelled, largest first, the most typical glyph — the one whose `neighbours` nearest
/// cluster-mates are closest on average (typicality = 1 / mean distance).
public struct TypicalityQuery: QueryStrategy {
  /// Neighbours for the typicality estimate (default 20, as in the paper).
  public var neighbours: Int
  /// Clusters larger than this are subsampled (seeded) for the estimate (default 2,000).
  public var maximumClusterSample: Int

  public init(neighbours: Int = 20, maximumClusterSample: Int = 2000) {
    self.neighbours = neighbours
    self.maximumClusterSample = maximumClusterSample
  }

  public var name: String { "typicality" }

  /// - Complexity: O(Σ over chosen clusters of min(size, maximumClusterSample)² × d).
  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    guard neighbours >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "neighbours", value: "\(neighbours)", reason: "must be at least 1")
    }
    let clusters = try requireClusters(context, operation: name)
    let index = try ClusterIndex(clusters, features: context.features)
    let covered = index.coveredClusters(labeled: context.labeled)
    let inPool = Set(context.pool)
    var chosen: [Int] = []
    for cluster in index.bySize(generator: &generator) where !covered.contains(cluster) {
      var candidates = index.members[cluster].filter { inPool.contains($0) }
      guard !candidates.isEmpty else { continue }
      if candidates.count > maximumClusterSample {
        candidates = generator.sample(maximumClusterSample, from: candidates.count).sorted().map { candidates[$0] }
      }
      if candidates.count == 1 {
        chosen.append(candidates[0])
      } else {
        let points = context.features.gathering(rows: candidates)
        let k = min(neighbours + 1, candidates.count)
        let knn = try DistanceKernel().topK(queries: points, references: points, k: k)
        // Skip the point itself (distance 0 at position 0).
        let typicality = (0..<candidates.count).map { i -> Double in
          let d = knn.distances(row: i).dropFirst()
          let mean = d.reduce(0.0) { $0 + Double($1).squareRoot() } / Double(max(1, d.count))
          return 1 / (mean + 1e-12)
        }
        chosen.append(candidates[topScoring(typicality, count: 1, generator: &generator)[0]])
      }
      if chosen.count == n { break }
    }
    return chosen
  }
}
