import Foundation

/// Student's t distribution, for confidence intervals over a handful of seeds.
///
/// The distribution function is computed from the regularized incomplete beta function
/// (a continued fraction, as in Numerical Recipes §6.4), and quantiles by bisection on it, so
/// any degrees of freedom work, not only a table's rows.
public enum StudentT {
  /// P(T ≤ t) for T with `degreesOfFreedom` ν > 0.
  ///
  /// - Complexity: O(1) (a continued fraction of at most 300 terms).
  public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    guard nu > 0, !t.isNaN else { return .nan }
    if t.isInfinite { return t > 0 ? 1 : 0 }
    let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    return t >= 0 ? 1 - tail : tail
  }

  /// The quantile t with P(T ≤ t) = `probability`, for T with `degreesOfFreedom` ν > 0.
  /// `quantile(0.975, degreesOfFreedom: 4)` is 2.776, the multiplier of a two-sided 95%
  /// interval over five seeds.
  ///
  /// - Returns: NaN unless 0 < probability < 1 and ν > 0.
  /// - Complexity: O(1) (about 100 bisection steps on ``cdf(_:degreesOfFreedom:)``).
  public static func quantile(_ probability: Double, degreesOfFreedom nu: Double) -> Double {
    guard nu > 0, probability > 0, probability < 1 else { return .nan }
    if probability == 0.5 { return 0 }
    if probability < 0.5 { return -quantile(1 - probability, degreesOfFreedom: nu) }
    var low = 0.0
    var high = 1.0
    while cdf(high, degreesOfFreedom: nu) < probability && high < 1e12 { high *= 2 }
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if middle == low || middle == high { break }
      if cdf(middle, degreesOfFreedom: nu) < probability { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }

  /// The multiplier of a two-sided `confidence` interval of a mean over `count` values
  /// (ν = count − 1), or nil when `count` < 2.
  public static func intervalMultiplier(confidence: Double = 0.95, count: Int) -> Double? {
    guard count >= 2 else { return nil }
    return quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(count - 1))
  }

  /// I_x(a, b), the regularized incomplete beta function.
  static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
    let logPowers: Double = a * log(x) + b * log(1 - x)
    let logFront = logGammas + logPowers
    let front = exp(logFront)
    if x < (a + 1) / (a + b + 2) { return front * betaContinuedFraction(x, a: a, b: b) / a }
    return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
  }

  /// The continued fraction of the incomplete beta function (modified Lentz).
  private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    let epsilon = 1e-16
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...300 {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + even * d
      if abs(d) < tiny { d = tiny }
      c = 1 + even / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + odd * d
      if abs(d) < tiny { d = tiny }
      c = 1 + odd / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let step = d * c
      h *= step
      if abs(step - 1) < epsilon { break }
    }
    return h
  }
}
