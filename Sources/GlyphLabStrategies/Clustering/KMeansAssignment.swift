/// How k-means finds each point's nearest centre in its E-step.
public enum KMeansAssignment: Sendable, Equatable {
  /// Every point against every centre, with the fused SGEMM + argmin (the default): exact,
  /// O(n·k·d) per iteration.
  case exact
  /// Approximate, as faiss's IVF: the centres are grouped into `lists` inverted lists by a
  /// small k-means over the centres, each point is compared with the `probes` nearest lists'
  /// centroids and then only with the centres in those lists (``InvertedCentreIndex``).
  /// O(n·(lists + probes·k/lists)·d) per iteration. `lists` nil means ⌈√k⌉. Requires
  /// 1 ≤ probes < lists (probes = lists would be exact assignment, slower).
  case inverted(lists: Int?, probes: Int)
}

extension KMeansAssignment {
  /// The assignment's kind without its parameters, the value a spec or a flag names.
  public enum Kind: String, Sendable, CaseIterable {
    /// ``KMeansAssignment/exact``.
    case exact
    /// ``KMeansAssignment/inverted(lists:probes:)``.
    case inverted
  }

  /// The assignment of `kind`: `lists` (nil: ⌈√k⌉) and `probes` apply to inverted lists only.
  public init(kind: Kind, lists: Int?, probes: Int) {
    switch kind {
    case .exact: self = .exact
    case .inverted: self = .inverted(lists: lists, probes: probes)
    }
  }

  /// This assignment's kind.
  public var kind: Kind {
    switch self {
    case .exact: return .exact
    case .inverted: return .inverted
    }
  }
}
