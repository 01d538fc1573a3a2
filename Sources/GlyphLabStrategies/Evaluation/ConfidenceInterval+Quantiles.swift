import Foundation
import GlyphLabCore

extension ConfidenceInterval {
  /// The quantile t_p(ν) of Student's t distribution with ν degrees of freedom, e.g.
  /// t(0.975, 4) = 2.776 (``StudentT`` in Core); above 10⁷ degrees of freedom the normal
  /// quantile is used.
  ///
  /// - Precondition: 0 < p < 1 and ν > 0; returns NaN otherwise.
  /// - Complexity: O(1) (about 100 CDF evaluations of O(1) each, up to 300 terms).
  public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
    guard p > 0, p < 1, nu > 0 else { return .nan }
    if nu > 1e7 { return normalQuantile(p) }
    return StudentT.quantile(p, degreesOfFreedom: nu)
  }

  /// The CDF of Student's t distribution (``StudentT/cdf(_:degreesOfFreedom:)`` in Core).
  ///
  /// - Complexity: O(1).
  public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    StudentT.cdf(t, degreesOfFreedom: nu)
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
}
