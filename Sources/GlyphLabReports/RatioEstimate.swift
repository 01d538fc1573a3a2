import Foundation

/// A ratio B ÷ A over paired runs: the geometric mean of the per-pair ratios, with a 95%
/// interval from Student t on their logarithms (so it is never negative).
struct RatioEstimate: Sendable, Equatable {
  var ratio: Double
  var lower: Double?
  var upper: Double?
  var pairs: Int

  init?(pairs values: [(a: Double, b: Double)]) {
    let logs = values.filter { $0.a > 0 && $0.b > 0 }.map { log($0.b / $0.a) }
    guard logs.count == values.count, let estimate = Estimate(values: logs) else { return nil }
    ratio = exp(estimate.mean)
    lower = estimate.halfWidth.map { _ in exp(estimate.lower) }
    upper = estimate.halfWidth.map { _ in exp(estimate.upper) }
    pairs = logs.count
  }

  /// "1.23× (95% CI 1.10× to 1.38×)", or "1.23× (1 pair)".
  var text: String {
    let shown = ReportFormat.fixed(ratio, 2) + "×"
    guard let lower, let upper else { return shown + " (1 pair)" }
    return shown + " (95% CI \(ReportFormat.fixed(lower, 2))× to \(ReportFormat.fixed(upper, 2))×)"
  }
}
