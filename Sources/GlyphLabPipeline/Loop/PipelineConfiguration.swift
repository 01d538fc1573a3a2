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
  /// Show the machine's suggestion with a glyph or grid once a model exists (default true).
  public var suggest: Bool
  /// Queries per prediction block: bounds memory (default 4,096).
  public var predictionBlock: Int
  /// Most likely classes kept per glyph for query strategies (default 5).
  public var keptClasses: Int
  /// Seed for the query strategy and every other draw.
  public var seed: UInt64

  public init(
    target: Double = 0.975, budgetSeconds: Double? = nil, batchSize: Int = 500, maxRounds: Int = 100,
    verifyClusters: Bool = true, maxGridSize: Int = 48, suggest: Bool = true, predictionBlock: Int = 4096,
    keptClasses: Int = 5, seed: UInt64 = 0
  ) {
    self.target = target
    self.budgetSeconds = budgetSeconds
    self.batchSize = batchSize
    self.maxRounds = maxRounds
    self.verifyClusters = verifyClusters
    self.maxGridSize = maxGridSize
    self.suggest = suggest
    self.predictionBlock = predictionBlock
    self.keptClasses = keptClasses
    self.seed = seed
  }
}
