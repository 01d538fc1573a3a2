import GlyphLabCore

/// The contingency table of two labelings of the same points, stored sparsely: only its
/// non-zero cells, so 100,000 points in thousands of classes and clusters cost O(n) memory,
/// never a dense classes × clusters matrix.
///
/// Rows are the distinct true labels ("classes") and columns the distinct predicted labels
/// ("clusters"), both in ascending label order, as scikit-learn's `contingency_matrix`.
/// Labels may be any `Int32` values (−1 for noise is just another label).
public struct ContingencyTable: Sendable, Equatable {
  /// One non-zero cell: `count` points have class `row` and cluster `column`.
  public struct Cell: Sendable, Equatable {
    /// Index into ``ContingencyTable/classLabels``.
    public var row: Int
    /// Index into ``ContingencyTable/clusterLabels``.
    public var column: Int
    /// Points in both (≥ 1).
    public var count: Int

    /// A cell of `count` points at (`row`, `column`).
    public init(row: Int, column: Int, count: Int) {
      self.row = row
      self.column = column
      self.count = count
    }
  }

  /// The number of points.
  public let sampleCount: Int
  /// The distinct true labels, ascending (the rows).
  public let classLabels: [Int32]
  /// The distinct predicted labels, ascending (the columns).
  public let clusterLabels: [Int32]
  /// Points per class (row sums).
  public let classSizes: [Int]
  /// Points per cluster (column sums).
  public let clusterSizes: [Int]
  /// The non-zero cells, ordered by row, then column.
  public let cells: [Cell]

  /// Tabulates `truth` against `predicted`. Throws
  /// ``GlyphLabError/shapeMismatch(operation:detail:)`` if their lengths differ.
  ///
  /// - Complexity: O(n log n) time (a sort of the n cell keys), O(n) memory.
  public init(truth: [Int32], predicted: [Int32]) throws {
    guard truth.count == predicted.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "ContingencyTable",
        detail: "\(truth.count) true labels but \(predicted.count) predicted labels")
    }
    let rows = LabelEncoding(truth)
    let columns = LabelEncoding(predicted)
    let width = columns.values.count
    var keys = [Int](repeating: 0, count: truth.count)
    for i in 0..<truth.count { keys[i] = Int(rows.codes[i]) * width + Int(columns.codes[i]) }
    keys.sort()
    var cells = [Cell]()
    var i = 0
    while i < keys.count {
      var j = i + 1
      while j < keys.count && keys[j] == keys[i] { j += 1 }
      cells.append(Cell(row: keys[i] / width, column: keys[i] % width, count: j - i))
      i = j
    }
    sampleCount = truth.count
    classLabels = rows.values
    clusterLabels = columns.values
    classSizes = rows.sizes
    clusterSizes = columns.sizes
    self.cells = cells
  }

  /// The number of classes (rows).
  public var classCount: Int { classLabels.count }
  /// The number of clusters (columns).
  public var clusterCount: Int { clusterLabels.count }
}
