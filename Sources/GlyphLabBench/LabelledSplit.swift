import GlyphLabCore

/// Labelled points split into a support set and queries, the input of the few-shot
/// benchmarks, made the same way by GlyphLab and its scikit-learn peer: the support is the
/// first `shots` rows of every class in row order, the queries the first `queries` of the
/// remaining rows in row order (all of them when `queries` is nil).
public struct LabelledSplit: Sendable {
  /// The support rows, in row order, and their labels.
  public var support: Matrix
  public var supportLabels: [Int32]
  /// The query rows, in row order, and their labels.
  public var queries: Matrix
  public var queryLabels: [Int32]

  /// Splits `points` (one row per label). Throws when the labels do not match the rows, a
  /// class has no more than `shots` rows (it would have no queries), or nothing is left for
  /// queries.
  ///
  /// - Complexity: O(n·d).
  public init(points: Matrix, labels: [Int32], shots: Int, queries count: Int? = nil) throws {
    guard labels.count == points.rows else {
      throw GlyphLabError.invalidArgument(
        operation: "LabelledSplit", name: "labels", value: "\(labels.count)",
        reason: "need one label per row (\(points.rows))")
    }
    guard shots >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "LabelledSplit", name: "shots", value: "\(shots)", reason: "must be at least 1")
    }
    var taken: [Int32: Int] = [:]
    var supportRows: [Int] = []
    var queryRows: [Int] = []
    for (row, label) in labels.enumerated() where label >= 0 {
      if taken[label, default: 0] < shots {
        taken[label, default: 0] += 1
        supportRows.append(row)
      } else if count.map({ queryRows.count < $0 }) ?? true {
        queryRows.append(row)
      }
    }
    if let short = taken.filter({ $0.value < shots }).keys.min() {
      throw GlyphLabError.invalidArgument(
        operation: "LabelledSplit", name: "shots", value: "\(shots)",
        reason: "class \(short) has only \(taken[short] ?? 0) rows")
    }
    guard !queryRows.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "LabelledSplit", name: "queries", value: "\(count ?? 0)",
        reason: "no rows are left for queries after \(shots) per class")
    }
    support = points.gathering(rows: supportRows)
    supportLabels = supportRows.map { labels[$0] }
    queries = points.gathering(rows: queryRows)
    queryLabels = queryRows.map { labels[$0] }
  }
}
