/// One bar of a bar chart, with optional whiskers (for example a 95% interval).
public struct ChartBar: Sendable, Equatable {
  /// The bar's label.
  public var label: String
  /// The bar's value.
  public var value: Double
  /// The whisker's lower end (nil: no whisker).
  public var lower: Double?
  /// The whisker's upper end (nil: no whisker).
  public var upper: Double?
  /// The text printed beside the bar (for example "+0.42 ± 0.20").
  public var annotation: String

  /// Creates a bar.
  public init(label: String, value: Double, lower: Double? = nil, upper: Double? = nil, annotation: String = "") {
    self.label = label
    self.value = value
    self.lower = lower
    self.upper = upper
    self.annotation = annotation
  }
}
