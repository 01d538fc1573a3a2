/// One metric over the seeds of one configuration: the estimate when every run holds a
/// finite value, and otherwise the counts that say why there is none.
public struct MetricSummary: Sendable, Equatable {
  /// Complete runs in the configuration.
  public var runCount: Int
  /// Runs without the attribute.
  public var missingCount: Int
  /// Runs whose value is finite.
  public var finiteCount: Int
  /// Mean and interval over seeds; nil unless every run holds a finite value.
  public var estimate: Estimate?

  /// Summarises `values` (one per run; nil = attribute missing).
  public init(values: [Double?]) {
    runCount = values.count
    missingCount = values.filter { $0 == nil }.count
    let finite = values.compactMap { $0 }.filter(\.isFinite)
    finiteCount = finite.count
    estimate = finite.count == values.count ? Estimate(values: finite) : nil
  }
}
