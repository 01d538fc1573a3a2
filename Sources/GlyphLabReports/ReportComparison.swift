/// Two run logs compared run by run, for example before and after a change: runs are
/// matched by run id, then by identical parameters and seed, then by sweep point, ablation
/// setting and seed; each metric's change (candidate − baseline) is reported per run and
/// per configuration as a paired difference over seeds.
public struct ReportComparison: Sendable {
  /// The first log (A), analysed.
  public var baseline: ExperimentSummary
  /// The second log (B), analysed.
  public var candidate: ExperimentSummary
  /// The matched complete runs, in baseline configuration, seed and run-id order.
  public var pairs: [RunPair]
  /// Complete baseline runs with no partner, by run id.
  public var onlyInBaseline: [RunRecord]
  /// Complete candidate runs with no partner, by run id.
  public var onlyInCandidate: [RunRecord]

  /// Matches the complete runs of `baseline` and `candidate`.
  ///
  /// - Complexity: O(runs log runs).
  public init(baseline: RunLogSnapshot, candidate: RunLogSnapshot) {
    self.baseline = ExperimentSummary(snapshot: baseline)
    self.candidate = ExperimentSummary(snapshot: candidate)
    var remainingA = baseline.runs.filter(\.isComplete)
    var remainingB = candidate.runs.filter(\.isComplete)
    var pairs: [RunPair] = []
    let tiers: [(RunPair.Match, (RunRecord) -> String)] = [
      (.runID, { $0.id }),
      (.parameters, { "\($0.seed)\u{0}\($0.parametersJSON)" }),
      (.configuration, { "\($0.seed)\u{0}\(JSONValue.object($0.sweep).json)\u{0}\($0.ablation)" }),
    ]
    for (match, key) in tiers {
      var byKey: [String: [Int]] = [:]
      for (index, run) in remainingB.enumerated() { byKey[key(run), default: []].append(index) }
      var usedB = Set<Int>()
      var keptA: [RunRecord] = []
      for run in remainingA {
        if let index = byKey[key(run)]?.first(where: { !usedB.contains($0) }) {
          usedB.insert(index)
          pairs.append(RunPair(baseline: run, candidate: remainingB[index], match: match))
        } else {
          keptA.append(run)
        }
      }
      remainingA = keptA
      remainingB = remainingB.enumerated().filter { !usedB.contains($0.offset) }.map(\.element)
    }
    self.pairs = pairs.sorted { a, b in
      if a.baseline.configurationKey != b.baseline.configurationKey {
        return a.baseline.configurationKey < b.baseline.configurationKey
      }
      return a.baseline.seed != b.baseline.seed ? a.baseline.seed < b.baseline.seed : a.baseline.id < b.baseline.id
    }
    onlyInBaseline = remainingA
    onlyInCandidate = remainingB
  }

  /// The configurations (of the baseline runs) that have pairs, in order.
  public var configurations: [ConfigurationKey] {
    Array(Set(pairs.map(\.baseline.configurationKey))).sorted()
  }

  /// Metric `key`'s paired difference (candidate − baseline) over the pairs of `configuration`.
  public func difference(_ key: String, in configuration: ConfigurationKey) -> PairedDifference {
    var a: [Int: Double] = [:]
    var b: [Int: Double] = [:]
    for pair in pairs where pair.baseline.configurationKey == configuration {
      guard a[pair.baseline.seed] == nil, let x = pair.baseline.scalars[key], let y = pair.candidate.scalars[key]
      else { continue }
      a[pair.baseline.seed] = x
      b[pair.baseline.seed] = y
    }
    return PairedDifference(base: a, other: b)
  }

  /// The metrics both logs hold, in display order.
  public var sharedMetrics: [ReportMetric] {
    let b = Set(candidate.metrics.map(\.key))
    return baseline.metrics.filter { b.contains($0.key) }
  }

  /// The cost unit for both logs (from the larger of their costs).
  var costUnit: CostUnit {
    baseline.costUnit.seconds >= candidate.costUnit.seconds ? baseline.costUnit : candidate.costUnit
  }
}
