/// One fitted unit cost: its value in seconds, a confidence interval and how many actions it
/// rests on.
public struct CostEstimate: Sendable, Equatable {
  /// The estimate, in seconds.
  public var seconds: Double
  /// The interval's lower end.
  public var low: Double
  /// The interval's upper end.
  public var high: Double
  /// The actions the estimate rests on.
  public var count: Int

  public init(seconds: Double, low: Double, high: Double, count: Int) {
    self.seconds = seconds
    self.low = low
    self.high = high
    self.count = count
  }
}
