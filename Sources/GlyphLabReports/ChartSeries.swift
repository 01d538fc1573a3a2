/// One line of a line chart, with an optional shaded band (for example a 95% interval).
public struct ChartSeries: Sendable, Equatable {
  /// The legend entry.
  public var name: String
  /// x values, ascending.
  public var x: [Double]
  /// y values, one per x.
  public var y: [Double]
  /// The band's lower edge, one per x (nil: no band).
  public var lower: [Double]?
  /// The band's upper edge, one per x (nil: no band).
  public var upper: [Double]?

  /// Creates a series; `lower` and `upper` must both be given for a band.
  public init(name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil) {
    self.name = name
    self.x = x
    self.y = y
    self.lower = lower
    self.upper = upper
  }
}
