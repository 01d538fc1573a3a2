import Foundation

extension ConfidenceInterval {
  /// The quantile t_p(ν) of Student's t distribution with ν degrees of freedom, e.g.
  /// t(0.975, 4) = 2.776. The CDF is computed from the regularised incomplete beta function
  /// (a Lentz continued fraction) and inverted by bisection to about 1e-12; above 10⁷
  /// degrees of freedom the normal quantile is used.
  ///
  /// - Precondition: 0 < p < 1 and ν > 0; returns NaN otherwise.
  /// - Complexity: O(1) (about 100 CDF evaluations of O(1) each, up to 300 terms).
  public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
    guard p > 0, p < 1, nu > 0 else { return .nan }
    if nu > 1e7 { return normalQuantile(p) }
    if p == 0.5 { return 0 }
    if p < 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: nu) }
    var low = 0.0
    var high = 1.0
    while studentTCDF(high, degreesOfFreedom: nu) < p {
      low = high
      high *= 2
      if high > 1e300 { return .infinity }
    }
    for _ in 0..<200 {
      let mid = 0.5 * (low + high)
      if studentTCDF(mid, degreesOfFreedom: nu) < p { low = mid } else { high = mid }
      if high - low <= 1e-13 * max(1, high) { break }
    }
    return 0.5 * (low + high)
  }

  /// The CDF of Student's t distribution: for t ≥ 0, 1 − ½·I_{ν/(ν+t²)}(ν/2, ½).
  ///
  /// - Complexity: O(1).
  public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    return t >= 0 ? 1 - tail : tail
  }

  /// The standard normal quantile z_p, e.g. z(0.975) = 1.959964: the CDF ½·erfc(−z/√2)
  /// inverted by bisection to about 1e-13.
  ///
  /// - Precondition: 0 < p < 1; returns NaN otherwise.
  /// - Complexity: O(1).
  public static func normalQuantile(_ p: Double) -> Double {
    guard p > 0, p < 1 else { return .nan }
    var low = -40.0
    var high = 40.0
    for _ in 0..<200 {
      let mid = 0.5 * (low + high)
      if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { low = mid } else { high = mid }
      if high - low <= 1e-13 { break }
    }
    return 0.5 * (low + high)
  }

  /// I_x(a, b), the regularised incomplete beta function (Numerical Recipes' `betai`: the
  /// continued fraction, evaluated by the modified Lentz method, on the side where it
  /// converges fast).
  static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
    let logPowers: Double = a * log(x) + b * log(1 - x)
    let logFront = logPowers - logBeta
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
    }
    return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
  }

  private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
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
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return h
  }
}
