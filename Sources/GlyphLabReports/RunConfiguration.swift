/// The complete runs of one configuration (one sweep point and ablation setting), one per seed.
public struct RunConfiguration: Sendable, Equatable {
  /// The sweep point and ablation setting.
  public var key: ConfigurationKey
  /// The complete runs, sorted by seed (then run id).
  public var runs: [RunRecord]

  /// Groups `runs` (which must share `key`).
  public init(key: ConfigurationKey, runs: [RunRecord]) {
    self.key = key
    self.runs = runs.sorted { $0.seed != $1.seed ? $0.seed < $1.seed : $0.id < $1.id }
  }

  /// The seeds, ascending (a seed appears twice if two runs share it).
  public var seeds: [Int] { runs.map(\.seed) }

  /// Seeds that more than one complete run of this configuration used.
  public var duplicateSeeds: [Int] {
    var counts: [Int: Int] = [:]
    for run in runs { counts[run.seed, default: 0] += 1 }
    return counts.filter { $0.value > 1 }.keys.sorted()
  }

  /// Metric `key` over the runs.
  public func summary(of key: String) -> MetricSummary {
    MetricSummary(values: runs.map { $0.scalars[key] })
  }

  /// Metric `key` by seed, for pairing; the first run (by id) stands for a duplicated seed,
  /// and runs without the attribute are left out.
  public func valuesBySeed(_ key: String) -> [Int: Double] {
    var result: [Int: Double] = [:]
    for run in runs where result[run.seed] == nil {
      if let value = run.scalars[key] { result[run.seed] = value }
    }
    return result
  }
}
