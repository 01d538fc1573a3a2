import GlyphLabCore

/// Starts with clusters and switches to uncertainty: cluster representatives while rounds
/// are early (`clusterRounds`) and unlabelled clusters remain, then margin sampling on the
/// trained model. Any shortfall of the first stage is filled by the second.
public struct HybridQuery: QueryStrategy {
  /// Rounds that use cluster representatives before switching (default 1).
  public var clusterRounds: Int
  /// The first stage (default cluster representatives).
  public var first: any QueryStrategy
  /// The second stage (default margin).
  public var second: any QueryStrategy

  public init(
    clusterRounds: Int = 1, first: any QueryStrategy = ClusterRepresentativeQuery(),
    second: any QueryStrategy = UncertaintyQuery(measure: .margin)
  ) {
    self.clusterRounds = clusterRounds
    self.first = first
    self.second = second
  }

  public var name: String { "hybrid" }

  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    var chosen: [Int] = []
    if context.round < clusterRounds || context.probabilities == nil {
      chosen = try first.select(count: n, context: context, generator: &generator)
    }
    if chosen.count < n, context.probabilities != nil {
      let taken = Set(chosen)
      var rest = context
      let keep = context.pool.indices.filter { !taken.contains(context.pool[$0]) }
      rest.pool = keep.map { context.pool[$0] }
      rest.probabilities = context.probabilities.map { $0.gathering(rows: keep) }
      chosen += try second.select(count: n - chosen.count, context: rest, generator: &generator)
    }
    return chosen
  }
}
