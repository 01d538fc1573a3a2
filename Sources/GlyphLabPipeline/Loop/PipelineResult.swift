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
  /// Why it stopped: "target", "budget", "no-change" or "max-rounds".
  public var stopReason: String
  /// Manual entry cost for the whole corpus.
  public var manualCost: Double
  /// Throughput of clustering (glyphs/s), measured once; 0 when nothing needed clusters.
  public var clusteringThroughput: Double
}
