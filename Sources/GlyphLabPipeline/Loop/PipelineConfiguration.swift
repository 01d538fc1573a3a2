/// How the human-in-the-loop pipeline runs. Plain values with documented defaults.
public struct PipelineConfiguration: Sendable, Equatable, Codable {
  /// Whole-corpus accuracy at which the pipeline stops (default 0.975); in (0, 1].
  public var target: Double
  /// Modelled seconds people may spend (nil = unlimited); must be positive.
  public var budgetSeconds: Double?
  /// Glyphs the query strategy chooses per round (default 500).
  public var batchSize: Int
  /// The most rounds (default 100).
  public var maxRounds: Int
  /// Show a chosen glyph's cluster as a grid to verify, instead of the glyph alone
  /// (default true).
  public var verifyClusters: Bool
  /// The most glyphs in one grid: the unsettled cluster members nearest the chosen glyph
  /// (default 48).
  public var maxGridSize: Int
  /// What a grid groups once a model exists: the chosen glyph's k-means cluster, or the
  /// unsettled glyphs the model gives the chosen glyph's predicted class (default cluster;
  /// before the first model, grids always come from the clusters).
  public var gridSource: GridSource

  /// What a verification grid groups.
  public enum GridSource: String, Sendable, Codable, CaseIterable {
    /// The chosen glyph's cluster.
    case cluster
    /// The glyphs predicted to share the chosen glyph's class, nearest first.
    case prediction
  }
  /// Show the machine's suggestion with a glyph or grid once a model exists (default true).
  public var suggest: Bool
  /// Queries per prediction block: bounds memory (default 16,384).
  public var predictionBlock: Int
  /// Most likely classes kept per glyph for query strategies (default 5).
  public var keptClasses: Int
  /// Rounds between feature adaptations (e.g. fine-tuning an encoder on the settled glyphs),
  /// when the run has a ``FeatureAdapter`` (default 1: after every round).
  public var adaptEvery: Int
  /// Seed for the query strategy and every other draw.
  public var seed: UInt64

  public init(
    target: Double = 0.975, budgetSeconds: Double? = nil, batchSize: Int = 500, maxRounds: Int = 100,
    verifyClusters: Bool = true, maxGridSize: Int = 48, gridSource: GridSource = .cluster, suggest: Bool = true,
    predictionBlock: Int = 16_384,
    keptClasses: Int = 5, adaptEvery: Int = 1, seed: UInt64 = 0
  ) {
    self.target = target
    self.budgetSeconds = budgetSeconds
    self.batchSize = batchSize
    self.maxRounds = maxRounds
    self.verifyClusters = verifyClusters
    self.maxGridSize = maxGridSize
    self.gridSource = gridSource
    self.suggest = suggest
    self.predictionBlock = predictionBlock
    self.keptClasses = keptClasses
    self.adaptEvery = adaptEvery
    self.seed = seed
  }
}
