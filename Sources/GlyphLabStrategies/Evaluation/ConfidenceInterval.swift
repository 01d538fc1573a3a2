import GlyphLabCore

/// A mean with a two-sided confidence interval, e.g. a method's accuracy over episodes or
/// over seeds, or a paired difference between two methods.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
  /// How the interval's half-width is computed from the sample.
  public enum Method: String, Sendable, Codable, CaseIterable {
    /// mean ± t(1 − (1 − level)/2, n − 1)·s/√n with the sample standard deviation s
    /// (n − 1 in the denominator): exact for normal data, right for a handful of seeds.
    case studentT
    /// mean ± z(1 − (1 − level)/2)·s/√n, the "± 1.96·sd/√n" of most few-shot papers
    /// (with s the sample standard deviation). Close to ``studentT`` for hundreds of values.
    case normal
  }

  /// The sample mean.
  public var mean: Double
  /// The lower end (−∞ when n = 1: one value says nothing about spread).
  public var lower: Double
  /// The upper end (+∞ when n = 1).
  public var upper: Double
  /// The number of values.
  public var n: Int
  /// The confidence level, e.g. 0.95.
  public var level: Double

  /// Creates an interval from its parts.
  public init(mean: Double, lower: Double, upper: Double, n: Int, level: Double = 0.95) {
    self.mean = mean
    self.lower = lower
    self.upper = upper
    self.n = n
    self.level = level
  }

  /// The interval of the mean of `values`.
  ///
  /// Throws on no values, a NaN or infinite value, or `level` outside (0, 1).
  ///
  /// - Complexity: O(n).
  public init(values: [Double], level: Double = 0.95, method: Method = .studentT) throws {
    guard !values.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "ConfidenceInterval", name: "values", value: "[]", reason: "need at least one value")
    }
    guard level > 0, level < 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "ConfidenceInterval", name: "level", value: "\(level)", reason: "must be in (0, 1)")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw GlyphLabError.nonFinite(operation: "ConfidenceInterval", argument: "values", row: bad, column: 0)
    }
    let n = values.count
    let mean = values.reduce(0, +) / Double(n)
    guard n > 1 else {
      self.init(mean: mean, lower: -.infinity, upper: .infinity, n: 1, level: level)
      return
    }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    let p = 1 - (1 - level) / 2
    let critical: Double
    switch method {
    case .studentT: critical = Self.studentTQuantile(p, degreesOfFreedom: Double(n - 1))
    case .normal: critical = Self.normalQuantile(p)
    }
    let half = critical * (variance / Double(n)).squareRoot()
    self.init(mean: mean, lower: mean - half, upper: mean + half, n: n, level: level)
  }

  /// Half the interval's width (the "±" value).
  public var halfWidth: Double { (upper - lower) / 2 }

  /// Whether `value` lies within the interval (ends included).
  public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

extension ConfidenceInterval: CustomStringConvertible {
  /// "mean ± half-width" with four decimals, e.g. "0.8123 ± 0.0051".
  public var description: String {
    let half = halfWidth.isFinite ? String(format: "%.4f", halfWidth) : "∞"
    return String(format: "%.4f", mean) + " ± " + half
  }
}
