/// The state of a pipeline after one round: what people did and how good the text is.
public struct BudgetPoint: Sendable, Equatable, Codable {
  /// Glyphs settled by people so far.
  public var labels: Int
  /// Modelled cost so far, in seconds.
  public var cost: Double
  /// Whole-corpus character accuracy: the digitised text, where glyphs people settled count
  /// as correct and every other glyph has the machine's label.
  public var accuracy: Double
  /// Accuracy over the machine-labelled glyphs only (nil when there are none).
  public var machineAccuracy: Double?
  /// Mean over classes of the per-class whole-corpus accuracy (rare characters count).
  public var macroAccuracy: Double
  /// Share of glyphs that have any label (human or machine).
  public var coverage: Double

  public init(
    labels: Int, cost: Double, accuracy: Double, machineAccuracy: Double?, macroAccuracy: Double,
    coverage: Double
  ) {
    self.labels = labels
    self.cost = cost
    self.accuracy = accuracy
    self.machineAccuracy = machineAccuracy
    self.macroAccuracy = macroAccuracy
    self.coverage = coverage
  }
}
