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
  /// The written form of each row within its class (e.g. the character a rendering draws:
  /// its base character or one of its variant forms); all 0 when forms are not told apart.
  public var forms: [Int32]

  /// References with `features` (one row each), their corpus classes and, optionally, their
  /// forms within the class. Throws when the counts differ, a label is negative, or a value is
  /// not finite.
  public init(features: Matrix, labels: [Int32], forms: [Int32]? = nil) throws {
    guard features.rows == labels.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "references", detail: "\(labels.count) labels for \(features.rows) feature rows")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "references", name: "labels", value: "\(labels[bad]) at row \(bad)",
        reason: "every reference needs a corpus class")
    }
    if let forms, forms.count != labels.count {
      throw GlyphLabError.shapeMismatch(
        operation: "references", detail: "\(forms.count) forms for \(labels.count) labels")
    }
    try features.requireFinite(operation: "references", argument: "features")
    self.features = features
    self.labels = labels
    self.forms = forms ?? [Int32](repeating: 0, count: labels.count)
  }

  /// The number of references.
  public var count: Int { labels.count }

  /// One reference per class and form: the mean of its rows, in ascending (class, form)
  /// order. With one form (the default) that is one mean per class; with forms, a class
  /// drawn in two written forms keeps two prototypes instead of one between them.
  ///
  /// - Complexity: O(rows × columns).
  public func classMeans() throws -> ReferenceSet {
    let key = { (i: Int) in Int64(self.labels[i]) << 32 | Int64(UInt32(bitPattern: self.forms[i])) }
    let classes = Array(Set(labels.indices.map(key))).sorted()
    let slot = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    let d = features.columns
    var sums = [Double](repeating: 0, count: classes.count * d)
    var counts = [Int](repeating: 0, count: classes.count)
    for i in labels.indices {
      guard let s = slot[key(i)] else { continue }
      counts[s] += 1
      for (j, v) in features.row(i).enumerated() { sums[s * d + j] += Double(v) }
    }
    var means = [Float](repeating: 0, count: classes.count * d)
    for s in classes.indices {
      for j in 0..<d { means[s * d + j] = Float(sums[s * d + j] / Double(max(1, counts[s]))) }
    }
    return try ReferenceSet(
      features: Matrix(rows: classes.count, columns: d, elements: means), labels: classes.map { Int32($0 >> 32) },
      forms: classes.map { Int32(truncatingIfNeeded: $0) })
  }
}
