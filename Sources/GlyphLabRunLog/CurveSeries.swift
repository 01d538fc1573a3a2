/// One per-round series of a run's curve: `curve/<name>` in the log, int64 or float64.
public struct CurveSeries: Sendable, Equatable {
  /// The series name, e.g. "accuracy".
  public var name: String
  /// Whether it holds integers (int64) rather than numbers (float64).
  public var isInteger: Bool
  /// The values of a float64 series (empty for an integer one).
  public var doubles: [Double]
  /// The values of an int64 series (empty for a float64 one).
  public var integers: [Int64]

  /// An empty series.
  public init(name: String, isInteger: Bool) {
    self.name = name
    self.isInteger = isInteger
    doubles = []
    integers = []
  }

  /// The number of rounds recorded.
  public var count: Int { isInteger ? integers.count : doubles.count }

  /// The values as doubles, whatever the stored type.
  public var values: [Double] { isInteger ? integers.map { Double($0) } : doubles }
}
