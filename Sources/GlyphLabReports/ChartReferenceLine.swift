/// A labelled horizontal line across a line chart (for example the target accuracy).
public struct ChartReferenceLine: Sendable, Equatable {
  /// Its y value.
  public var value: Double
  /// The label printed at its right end.
  public var label: String

  /// Creates a reference line.
  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}
