import GlyphLabCore

/// A mean over seeds with its 95% confidence interval (Student t, two-sided).
///
/// With one value there is no interval: ``halfWidth`` is nil and ``lower`` = ``upper`` =
/// ``mean``; reports say "single seed" instead of inventing one.
public struct Estimate: Sendable, Equatable {
  /// The mean of the values.
  public var mean: Double
  /// How many values (seeds or pairs) it is over.
  public var count: Int
  /// The sample standard deviation (n − 1), nil with one value.
  public var standardDeviation: Double?
  /// Half the width of the interval, t(0.975, n − 1) · s / √n; nil with one value.
  public var halfWidth: Double?
  /// The interval's lower bound (the mean with one value).
  public var lower: Double
  /// The interval's upper bound (the mean with one value).
  public var upper: Double

  /// Creates an estimate from its parts (for tests of the verdict rule at exact bounds).
  public init(mean: Double, count: Int, standardDeviation: Double?, halfWidth: Double?, lower: Double, upper: Double) {
    self.mean = mean
    self.count = count
    self.standardDeviation = standardDeviation
    self.halfWidth = halfWidth
    self.lower = lower
    self.upper = upper
  }

  /// The mean of `values` with its two-sided `confidence` interval; nil when `values` is
  /// empty or holds a NaN or infinity. Identical values give their value exactly and a zero
  /// width, so seeds that all sit exactly on a target reach it.
  ///
  /// - Parameters:
  ///   - values: one value per seed (or per pair, for paired differences).
  ///   - confidence: the interval's coverage; default 0.95.
  /// - Complexity: O(n).
  public init?(values: [Double], confidence: Double = 0.95) {
    guard let first = values.first, values.allSatisfy(\.isFinite) else { return nil }
    let n = Double(values.count)
    let mean = values.allSatisfy { $0 == first } ? first : values.reduce(0, +) / n
    guard let multiplier = StudentT.intervalMultiplier(confidence: confidence, count: values.count) else {
      self.init(mean: mean, count: 1, standardDeviation: nil, halfWidth: nil, lower: mean, upper: mean)
      return
    }
    let squares = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
    let deviation = (squares / (n - 1)).squareRoot()
    let half = multiplier * deviation / n.squareRoot()
    self.init(
      mean: mean, count: values.count, standardDeviation: deviation, halfWidth: half, lower: mean - half,
      upper: mean + half)
  }

  /// Whether there is an interval (at least two values).
  public var hasInterval: Bool { halfWidth != nil }

  /// Whether the interval lies entirely above or below `value` (with one value: never).
  public func excludes(_ value: Double) -> Bool { hasInterval && (lower > value || upper < value) }
}
