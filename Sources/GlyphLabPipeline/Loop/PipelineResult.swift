/// Everything a pipeline run produced.
public struct PipelineResult: Sendable {
  /// One entry per round.
  public var rounds: [PipelineRound]
  /// Accuracy against effort.
  public var curve: BudgetCurve
  /// The people's work.
  public var ledger: AnnotationLedger
  /// The final label of every glyph (human where settled, else the machine's; −1 if none).
  public var finalLabels: [Int32]
  /// Whether a person settled each glyph.
  public var touched: [Bool]
  /// The round in which a person settled each glyph (the index of its ``PipelineRound``),
  /// or −1 for glyphs no person settled.
  public var settledRound: [Int32]
  /// Why it stopped: "target", "budget", "no-change" or "max-rounds".
  public var stopReason: String
  /// Manual entry cost for the whole corpus.
  public var manualCost: Double
  /// Throughput of clustering (glyphs/s), measured once; 0 when nothing needed clusters.
  public var clusteringThroughput: Double
}
