/// The query strategies an experiment can name, as a typed choice: the spec's
/// `query.strategy` is one of the raw values, and ``make(clusterRounds:)`` builds it.
public enum QueryStrategyChoice: String, Sendable, CaseIterable, Codable {
  /// Cluster representatives for the first rounds, then margin sampling (``HybridQuery``).
  case hybrid
  /// Uniformly random glyphs (``RandomQuery``).
  case random
  /// Smallest gap between the two most probable classes.
  case margin
  /// Lowest top probability.
  case leastConfidence = "least-confidence"
  /// Highest predictive entropy.
  case entropy
  /// Greedy k-center coverage (``KCenterGreedyQuery``).
  case kCenter = "k-center"
  /// Most typical glyphs of dense regions (``TypicalityQuery``).
  case typicality
  /// One representative per cluster (``ClusterRepresentativeQuery``).
  case clusterRepresentatives = "cluster-representatives"

  /// The strategy; `clusterRounds` is the hybrid's number of cluster rounds.
  public func make(clusterRounds: Int) -> any QueryStrategy {
    switch self {
    case .hybrid: return HybridQuery(clusterRounds: clusterRounds)
    case .random: return RandomQuery()
    case .margin: return UncertaintyQuery(measure: .margin)
    case .leastConfidence: return UncertaintyQuery(measure: .leastConfidence)
    case .entropy: return UncertaintyQuery(measure: .entropy)
    case .kCenter: return KCenterGreedyQuery()
    case .typicality: return TypicalityQuery()
    case .clusterRepresentatives: return ClusterRepresentativeQuery()
    }
  }
}
