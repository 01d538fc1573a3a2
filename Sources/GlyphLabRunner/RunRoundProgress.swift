/// One round of a run as it happens (a curve row the kind recorded), for progress displays.
public struct RunRoundProgress: Sendable, Equatable {
  /// The run's id.
  public var runID: String
  /// The row's number within the run, from 0 (the `round` series when the kind records one).
  public var round: Int
  /// The row's values by series name (`labels`, `cost`, `accuracy`, ...).
  public var values: [String: Double]

  /// A round's progress.
  public init(runID: String, round: Int, values: [String: Double]) {
    self.runID = runID
    self.round = round
    self.values = values
  }
}
