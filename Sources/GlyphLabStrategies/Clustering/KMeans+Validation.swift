import GlyphLabCore

extension KMeans {
  /// Checks the parameters and `points`, throwing a ``GlyphLabError`` that names the culprit.
  func validate(_ points: Matrix) throws {
    try KMeansValidation.check(
      operation: "KMeans", points: points, clusters: clusters, initialization: initialization,
      restarts: restarts, maxIterations: maxIterations, tolerance: tolerance)
    if case .inverted(let lists, let probes) = assignment {
      _ = try InvertedCentreIndex.checkedLists(centres: clusters, lists: lists, probes: probes)
    }
  }
}
