/// What one round of the pipeline did and reached; the run log stores one row per round.
public struct PipelineRound: Sendable, Equatable, Codable {
  /// The round, from 0.
  public var index: Int
  /// Effort and quality after the round.
  public var point: BudgetPoint
  /// Actions taken in this round, by kind.
  public var actions: [String: Int]
  /// Modelled seconds spent in this round.
  public var seconds: Double
  /// Glyphs per second of each phase this round: "fit_predict" (fitting the few-shot model
  /// and recognising the unsettled glyphs) and, in round 0, "cluster".
  public var throughput: [String: Double]
}
