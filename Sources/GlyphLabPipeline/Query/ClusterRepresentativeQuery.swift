import GlyphLabCore
import GlyphLabStrategies

/// The medoids of the largest clusters that no person has labelled yet: one look per cluster
/// covers the most glyphs first.
public struct ClusterRepresentativeQuery: QueryStrategy {
  public var name: String { "cluster-representatives" }
  public init() {}

  /// - Complexity: O(N + clusters log clusters), plus O(N·d) when medoids must be computed.
  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    let clusters = try requireClusters(context, operation: name)
    let representatives = try ClusterIndex(clusters, features: context.features)
    let covered = representatives.coveredClusters(labeled: context.labeled)
    let inPool = Set(context.pool)
    var chosen: [Int] = []
    for cluster in representatives.bySize(generator: &generator) where !covered.contains(cluster) {
      // The medoid, or the member nearest to it that is still in the pool.
      if let pick = representatives.membersByCentrality[cluster].first(where: { inPool.contains($0) }) {
        chosen.append(pick)
        if chosen.count == n { break }
      }
    }
    return chosen
  }
}

/// Fails with a clear error when a cluster-based strategy runs without a clustering.
func requireClusters(_ context: QueryContext, operation: String) throws -> ClusteringResult {
  guard let clusters = context.clusters, clusters.labels.count == context.features.rows else {
    throw GlyphLabError.invalidArgument(
      operation: operation, name: "clusters", value: context.clusters == nil ? "none" : "wrong length",
      reason: "needs a clustering of all \(context.features.rows) glyphs")
  }
  return clusters
}
