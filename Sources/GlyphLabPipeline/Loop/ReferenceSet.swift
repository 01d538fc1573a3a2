import GlyphLabCore

/// Labelled glyphs that no person had to label: for example the clean renderings of every
/// character in fonts other than the book's, embedded with the same features as the corpus.
///
/// The loop adds them to the few-shot model's support in every round, so the model labels
/// glyphs before anyone has seen one (zero-shot from references), and people's labels then
/// correct and extend it. Labels are class indices of the corpus being recognised.
public struct ReferenceSet: Sendable {
  /// One row per reference, in the corpus's feature space.
  public var features: Matrix
  /// The corpus class of each row.
  public var labels: [Int32]

  /// References with `features` (one row each) and their corpus classes. Throws when the
  /// counts differ, a label is negative, or a value is not finite.
  public init(features: Matrix, labels: [Int32]) throws {
    guard features.rows == labels.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "references", detail: "\(labels.count) labels for \(features.rows) feature rows")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "references", name: "labels", value: "\(labels[bad]) at row \(bad)",
        reason: "every reference needs a corpus class")
    }
    try features.requireFinite(operation: "references", argument: "features")
    self.features = features
    self.labels = labels
  }

  /// The number of references.
  public var count: Int { labels.count }

  /// One reference per class: the mean of its rows, classes in ascending order.
  ///
  /// - Complexity: O(rows × columns).
  public func classMeans() throws -> ReferenceSet {
    let classes = Array(Set(labels)).sorted()
    let slot = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let d = features.columns
    var sums = [Double](repeating: 0, count: classes.count * d)
    var counts = [Int](repeating: 0, count: classes.count)
    for (i, label) in labels.enumerated() {
      guard let s = slot[label] else { continue }
      counts[s] += 1
      for (j, v) in features.row(i).enumerated() { sums[s * d + j] += Double(v) }
    }
    var means = [Float](repeating: 0, count: classes.count * d)
    for s in classes.indices {
      for j in 0..<d { means[s * d + j] = Float(sums[s * d + j] / Double(max(1, counts[s]))) }
    }
    return try ReferenceSet(
      features: Matrix(rows: classes.count, columns: d, elements: means), labels: classes)
  }
}
