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
