import GlyphLabCore
import GlyphLabStrategies

/// What a query strategy may look at when it chooses the next glyphs for people.
public struct QueryContext: Sendable {
  /// Features of every glyph (`N × d`).
  public var features: Matrix
  /// Glyphs that may be chosen: not yet labelled by a person, ascending.
  public var pool: [Int]
  /// Glyphs a person has labelled.
  public var labeled: [Int]
  /// The current model's probabilities for the pool (`pool.count × classes`, row i for
  /// `pool[i]`), or nil before any model exists.
  public var probabilities: Matrix?
  /// A clustering of all glyphs, for cluster-based strategies.
  public var clusters: ClusteringResult?
  /// Which round this is (0 first), for strategies that change over time.
  public var round: Int

  public init(
    features: Matrix, pool: [Int], labeled: [Int], probabilities: Matrix? = nil,
    clusters: ClusteringResult? = nil, round: Int = 0
  ) {
    self.features = features
    self.pool = pool
    self.labeled = labeled
    self.probabilities = probabilities
    self.clusters = clusters
    self.round = round
  }
}
