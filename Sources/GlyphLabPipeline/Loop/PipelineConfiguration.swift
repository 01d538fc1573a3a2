/// How the human-in-the-loop pipeline runs. Plain values with documented defaults.
public struct PipelineConfiguration: Sendable, Equatable, Codable {
  /// Whole-corpus accuracy at which the pipeline stops (default 0.975); in (0, 1].
  public var target: Double
  /// Whether the loop stops at the first refit that reaches ``target`` (default true). With
  /// false it goes on until the budget, `maxRounds` or no change, so the final accuracy is
  /// what the whole budget buys; the effort to the target is read from the curve either way.
  public var stopAtTarget: Bool = true
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
  /// When the model is refitted on what people settled: after each batch, before the next
  /// is chosen (default), or in the background while people answer the next batch.
  public var refit: Refit
  /// Seed for the query strategy and every other draw.
  public var seed: UInt64

  /// When the model is refitted.
  public enum Refit: String, Sendable, Codable, CaseIterable {
    /// After each batch: the next batch is chosen from the model fitted on everything
    /// settled so far, and the people wait while it refits.
    case afterBatch = "after-batch"
    /// In the background: while the model refits on batch r, people answer batch r + 1, which
    /// the strategy chose from the model fitted on batch r − 1 (one round older), so nobody
    /// waits. Each round's curve point is still that round's refit. The answers alone fix
    /// every number (the same answers give the same run, however long anyone took); the
    /// run stops one batch later than after-batch would (that batch was already being answered).
    case background
  }

  public init(
    target: Double = 0.975, budgetSeconds: Double? = nil, batchSize: Int = 500, maxRounds: Int = 100,
    verifyClusters: Bool = true, maxGridSize: Int = 48, gridSource: GridSource = .cluster, suggest: Bool = true,
    predictionBlock: Int = 16_384,
    keptClasses: Int = 5, adaptEvery: Int = 1, refit: Refit = .afterBatch, seed: UInt64 = 0
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
    self.refit = refit
    self.seed = seed
  }
}
