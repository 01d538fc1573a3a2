/// One run as the log records it (its attributes; curves are read separately).
public struct RunLogEntry: Sendable, Equatable {
  /// The stable run id (the group name).
  public var id: String
  /// running, complete or failed.
  public var status: RunStatus
  /// The error message of a failed run, else "".
  public var error: String
  /// The run's seed.
  public var seed: UInt64
  /// Its position in the experiment's expansion order.
  public var index: Int
  /// The resolved parameters as canonical JSON.
  public var params: String
  /// The swept values as canonical JSON (`{}` without a sweep).
  public var sweep: String
  /// `base`, an ablation component, or "".
  public var ablation: String
  /// float64 summary attributes, timing included.
  public var scalars: [String: Double]
  /// int64 summary attributes.
  public var integers: [String: Int]
  /// String summary attributes (beyond the reserved ones).
  public var strings: [String: String]
  /// When the run started (ISO 8601 UTC).
  public var startedAt: String
  /// When it finished ("" while running).
  public var finishedAt: String

  /// A number by name from ``scalars`` or ``integers``.
  public func metric(_ name: String) -> Double? {
    scalars[name] ?? integers[name].map { Double($0) }
  }
}
