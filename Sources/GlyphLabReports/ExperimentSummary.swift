/// What a report says about one run log, computed once: configurations, the best one, the
/// verdict, the ablation effects. Rendering (Markdown, SVG) reads only this.
public struct ExperimentSummary: Sendable {
  /// How the best configuration was chosen.
  public enum BestRule: Sendable, Equatable {
    /// The highest mean efficiency among configurations whose every seed reached the target.
    case efficiency
    /// The highest mean of the primary metric (no configuration reached the target on every
    /// seed, or the kind records no efficiency).
    case primaryMetric
  }

  /// The log.
  public var snapshot: RunLogSnapshot
  /// Complete runs grouped by configuration, in configuration order.
  public var configurations: [RunConfiguration]
  /// Runs that are not complete (running, failed, other), in run-id order.
  public var incompleteRuns: [RunRecord]
  /// The swept keys, sorted.
  public var axes: [String]
  /// Every scalar the complete runs hold, in display order.
  public var metrics: [ReportMetric]
  /// The metric the verdict and "best" rest on: `final_accuracy`, else a clustering score.
  public var primaryMetric: ReportMetric?
  /// The best base configuration, if any has the primary metric on every seed.
  public var best: RunConfiguration?
  /// How ``best`` was chosen.
  public var bestRule: BestRule
  /// The verdict on ``best`` (only when the primary metric is accuracy).
  public var verdict: Verdict?
  /// One entry per ablation component and sweep point.
  public var ablations: [AblationEffect]
  /// The unit costs are shown in.
  public var costUnit: CostUnit

  /// Analyses `snapshot`.
  ///
  /// - Complexity: O(runs · metrics + configurations²) for the ablation pairing.
  public init(snapshot: RunLogSnapshot) {
    self.snapshot = snapshot
    let complete = snapshot.runs.filter(\.isComplete)
    incompleteRuns = snapshot.runs.filter { !$0.isComplete }
    let grouped = Dictionary(grouping: complete, by: \.configurationKey)
    configurations = grouped.keys.sorted().map { RunConfiguration(key: $0, runs: grouped[$0] ?? []) }
    axes = Set(snapshot.runs.flatMap { $0.sweep.map(\.key) }).sorted()
    metrics = ReportMetric.ordered(Set(complete.flatMap(\.scalars.keys)))
    let present = Set(metrics.map(\.key))
    primaryMetric = (["final_accuracy"] + ReportMetric.clusteringKeys).first { present.contains($0) }
      .map(ReportMetric.named)
    var largestCost = 0.0
    for run in complete {
      for key in ["manual_cost", "total_cost", "cost_to_target"] {
        if let value = run.scalars[key], value.isFinite { largestCost = max(largestCost, value) }
      }
      for value in run.curves["cost"] ?? [] where value.isFinite { largestCost = max(largestCost, value) }
    }
    costUnit = CostUnit(maximumSeconds: largestCost)
    (best, bestRule) = Self.chooseBest(configurations, primary: primaryMetric)
    if let best, primaryMetric?.key == "final_accuracy", let estimate = best.summary(of: "final_accuracy").estimate {
      verdict = Verdict(estimate: estimate, target: snapshot.target)
    } else {
      verdict = nil
    }
    ablations = Self.ablationEffects(configurations, metrics: metrics)
  }

  /// The base configurations (no ablation component switched), in order.
  public var baseConfigurations: [RunConfiguration] { configurations.filter(\.key.isBase) }

  /// The configuration with `key`, if it has complete runs.
  public func configuration(_ key: ConfigurationKey) -> RunConfiguration? {
    configurations.first { $0.key == key }
  }

  /// The base configurations that differ from ``best`` only in `axis`, ordered by its value.
  public func slice(along axis: String) -> [RunConfiguration] {
    guard let best else { return [] }
    return baseConfigurations.filter { candidate in
      let keys = Set(candidate.key.sweep.map(\.key)).union(best.key.sweep.map(\.key))
      return keys.allSatisfy { $0 == axis || candidate.key.value(of: $0) == best.key.value(of: $0) }
    }
  }

  /// The metrics a results table leads with.
  public var headlineMetrics: [ReportMetric] {
    let present = metrics.map(\.key)
    let headline = ReportMetric.headlineKeys.filter(present.contains)
    if !headline.isEmpty { return headline.map(ReportMetric.named) }
    let clustering = ReportMetric.clusteringKeys.filter(present.contains)
    if !clustering.isEmpty { return clustering.map(ReportMetric.named) }
    return tableMetrics
  }

  /// Every metric except throughput and wall time (which have their own section).
  public var tableMetrics: [ReportMetric] {
    metrics.filter { !$0.isThroughput && $0.key != "wall_seconds" }
  }

  /// The throughput phases present, in display order.
  public var throughputMetrics: [ReportMetric] { metrics.filter(\.isThroughput) }

  static func chooseBest(
    _ configurations: [RunConfiguration], primary: ReportMetric?
  ) -> (
    RunConfiguration?, BestRule
  ) {
    guard let primary else { return (nil, .primaryMetric) }
    let bases = configurations.filter(\.key.isBase)
    let pool = (bases.isEmpty ? configurations : bases).filter { $0.summary(of: primary.key).estimate != nil }
    func mean(_ configuration: RunConfiguration, _ key: String) -> Double {
      configuration.summary(of: key).estimate?.mean ?? -.infinity
    }
    let reached = pool.filter { $0.summary(of: "efficiency").estimate != nil }
    if !reached.isEmpty {
      // The first maximum in configuration order wins ties.
      let best = reached.reduce(reached[0]) { best, next in
        let (a, b) = (mean(next, "efficiency"), mean(best, "efficiency"))
        return a > b || (a == b && mean(next, primary.key) > mean(best, primary.key)) ? next : best
      }
      return (best, .efficiency)
    }
    guard let first = pool.first else { return (nil, .primaryMetric) }
    let sign = primary.direction == .lower ? -1.0 : 1.0
    let best = pool.reduce(first) { sign * mean($1, primary.key) > sign * mean($0, primary.key) ? $1 : $0 }
    return (best, .primaryMetric)
  }

  static func ablationEffects(_ configurations: [RunConfiguration], metrics: [ReportMetric]) -> [AblationEffect] {
    let keys = metrics.filter { !$0.isThroughput }.map(\.key)
    return configurations.filter { !$0.key.isBase }.map { component in
      let baseKey = component.key.base
      guard let base = configurations.first(where: { $0.key == baseKey }) else {
        return AblationEffect(component: component.key, base: nil, differences: [:])
      }
      var differences: [String: PairedDifference] = [:]
      for key in keys {
        differences[key] = PairedDifference(base: base.valuesBySeed(key), other: component.valuesBySeed(key))
      }
      return AblationEffect(component: component.key, base: baseKey, differences: differences)
    }
  }
}
