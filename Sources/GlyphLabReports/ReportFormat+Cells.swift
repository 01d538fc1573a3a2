extension ReportFormat {
  /// A table cell for `summary` of `metric`: "mean ± half-width", "mean (1 seed)", or why
  /// there is no mean ("not reached", "reached 3/5", "missing 1/5").
  static func cell(_ summary: MetricSummary, _ metric: ReportMetric, cost: CostUnit) -> String {
    guard summary.runCount > 0 else { return "—" }
    if let estimate = summary.estimate {
      let mean = value(estimate.mean, metric.unit, cost: cost)
      guard let half = estimate.halfWidth else { return mean + " (1 seed)" }
      return mean + " ± " + value(half, metric.unit, cost: cost)
    }
    if summary.missingCount > 0 { return "missing \(summary.missingCount)/\(summary.runCount)" }
    if metric.nanMeansNotReached {
      return summary.finiteCount == 0 ? "not reached" : "reached \(summary.finiteCount)/\(summary.runCount)"
    }
    return "not finite \(summary.runCount - summary.finiteCount)/\(summary.runCount)"
  }

  /// A table cell for a paired difference: "+mean ± half-width", "+mean (1 pair)", or why
  /// there is none.
  static func cell(_ difference: PairedDifference?, _ metric: ReportMetric, cost: CostUnit) -> String {
    guard let difference, !difference.pairedSeeds.isEmpty else { return "no pairs" }
    guard let estimate = difference.estimate else {
      let what = metric.nanMeansNotReached ? "not reached in" : "not finite in"
      return "\(what) \(difference.nonFinitePairs)/\(difference.pairedSeeds.count) pairs"
    }
    let mean = ReportFormat.difference(estimate.mean, metric.unit, cost: cost)
    guard let half = estimate.halfWidth else { return mean + " (1 pair)" }
    return mean + " ± " + value(half, metric.unit, cost: cost)
  }

  /// An estimate in a sentence: "97.81% (95% CI 97.62% to 98.00%, 5 seeds)".
  static func sentence(_ estimate: Estimate, _ metric: ReportMetric, cost: CostUnit, target: Double? = nil) -> String {
    func show(_ x: Double) -> String {
      if metric.unit == .percent, let target { return percent(x, distinctFrom: target) }
      let suffix: String
      switch metric.unit {
      case .percent: suffix = "%"
      case .times: suffix = "×"
      case .cost: suffix = " " + cost.rawValue
      case .seconds: suffix = " s"
      case .rate: suffix = " glyphs/s"
      default: suffix = ""
      }
      return value(x, metric.unit, cost: cost) + suffix
    }
    guard estimate.hasInterval else { return "\(show(estimate.mean)) (single seed, no interval)" }
    return "\(show(estimate.mean)) (95% CI \(show(estimate.lower)) to \(show(estimate.upper)), \(estimate.count) seeds)"
  }

  /// Indices of `estimates` holding the best mean for `direction` (all of them on a tie), or
  /// none when fewer than two have a mean, all tie, or the metric has no better side.
  static func best(_ estimates: [Estimate?], _ direction: ReportMetric.Direction) -> Set<Int> {
    let means = estimates.enumerated().compactMap { item in item.element.map { (item.offset, $0.mean) } }
    guard means.count >= 2, direction != .neither else { return [] }
    let target = direction == .higher ? means.map(\.1).max() : means.map(\.1).min()
    let best = Set(means.filter { $0.1 == target }.map(\.0))
    return best.count == means.count ? [] : best
  }
}
