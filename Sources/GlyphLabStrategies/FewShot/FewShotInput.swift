import GlyphLabCore

/// A validated few-shot problem: the distinct support classes and each support row's class
/// index. Every classifier builds one first, so all of them refuse the same bad input with
/// the same messages.
package struct FewShotInput {
  /// The distinct support labels, ascending (the columns of ``Predictions/probabilities``).
  package let classes: [Int32]
  /// For each support row, the index of its label in ``classes``.
  package let classIndex: [Int]
  /// The number of support rows of each class.
  package let classCounts: [Int]

  /// Validates a support set and a query set.
  ///
  /// Throws ``GlyphLabError`` when the support set is empty, the features have no columns,
  /// the label count differs from the support rows, a label is negative, the support and
  /// queries have different numbers of columns, or either holds a NaN or infinity. With the
  /// cosine metric an all-zero row (support or query) is refused: it has no direction, so
  /// every cosine distance to it is 1 and it would silently get the lowest-label answer.
  ///
  /// - Complexity: O((n + q)·d + n log n).
  package init(
    support: Matrix, supportLabels: [Int32], queries: Matrix, operation: String,
    metric: DistanceMetric? = nil
  ) throws {
    guard support.rows > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "support", value: "0 rows",
        reason: "a classifier needs at least one labelled example")
    }
    guard support.columns > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "support", value: "\(support.rows)×0",
        reason: "features must have at least one column")
    }
    guard supportLabels.count == support.rows else {
      throw GlyphLabError.shapeMismatch(
        operation: operation,
        detail: "\(supportLabels.count) support labels for \(support.rows) support rows")
    }
    if let bad = supportLabels.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "supportLabels[\(bad)]", value: "\(supportLabels[bad])",
        reason: "labels must be non-negative class ids")
    }
    guard queries.columns == support.columns else {
      throw GlyphLabError.shapeMismatch(
        operation: operation,
        detail: "support rows have \(support.columns) features, queries \(queries.columns)")
    }
    try support.requireFinite(operation: operation, argument: "support")
    try queries.requireFinite(operation: operation, argument: "queries")
    if metric == .cosine {
      try Self.requireNonZeroRows(support, argument: "support", operation: operation)
      try Self.requireNonZeroRows(queries, argument: "queries", operation: operation)
    }
    let classes = Array(Set(supportLabels)).sorted()
    var position = [Int32: Int](minimumCapacity: classes.count)
    for (i, c) in classes.enumerated() { position[c] = i }
    var counts = [Int](repeating: 0, count: classes.count)
    var index = [Int](repeating: 0, count: supportLabels.count)
    for (i, label) in supportLabels.enumerated() {
      let c = position[label] ?? 0
      index[i] = c
      counts[c] += 1
    }
    self.classes = classes
    self.classIndex = index
    self.classCounts = counts
  }

  /// The support row indices of each class, ascending within a class.
  package var rowsByClass: [[Int]] {
    var out = [[Int]](repeating: [], count: classes.count)
    for (i, c) in classIndex.enumerated() { out[c].append(i) }
    return out
  }

  /// Throws when a row of `x` is entirely zero (cosine distance is undefined for it).
  static func requireNonZeroRows(_ x: Matrix, argument: String, operation: String) throws {
    let norms = x.rowSquaredNorms()
    if let zero = norms.firstIndex(of: 0) {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "\(argument) row \(zero)", value: "all zeros",
        reason: "the cosine metric needs a direction; drop blank rows or use squaredEuclidean")
    }
  }
}
