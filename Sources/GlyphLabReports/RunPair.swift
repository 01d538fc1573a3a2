/// Two complete runs, one from each of two logs, that a comparison treats as the same run.
public struct RunPair: Sendable, Equatable {
  /// How the two runs were matched, strongest first.
  public enum Match: String, Sendable, Comparable {
    /// The same run id (same resolved parameters and seed).
    case runID = "run id"
    /// Different ids but identical parameters and seed.
    case parameters = "parameters"
    /// The same sweep point, ablation setting and seed; other parameters differ.
    case configuration = "configuration and seed"

    /// Stronger matches first.
    public static func < (lhs: Match, rhs: Match) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
      switch self {
      case .runID: return 0
      case .parameters: return 1
      case .configuration: return 2
      }
    }
  }

  /// The run from the baseline log (A).
  public var baseline: RunRecord
  /// The run from the candidate log (B).
  public var candidate: RunRecord
  /// How they were matched.
  public var match: Match

  /// Creates a pair.
  public init(baseline: RunRecord, candidate: RunRecord, match: Match) {
    self.baseline = baseline
    self.candidate = candidate
    self.match = match
  }

  /// The parameters whose values differ, with both values ("(unset)" when one side lacks
  /// the key), sorted by key.
  public var differingParameters: [(key: String, baseline: String, candidate: String)] {
    let a = Dictionary(baseline.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    let b = Dictionary(candidate.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    return Set(a.keys).union(b.keys).sorted().compactMap { key in
      guard a[key] != b[key] else { return nil }
      return (key, a[key]?.text ?? "(unset)", b[key]?.text ?? "(unset)")
    }
  }
}
