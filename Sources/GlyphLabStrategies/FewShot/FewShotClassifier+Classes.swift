import GlyphLabCore

extension FewShotClassifier {
  /// Predicts `queries` after checking the support set against the classes the caller
  /// expects, e.g. the N classes of an episode or the label set of an annotation round.
  ///
  /// Throws ``GlyphLabError/invalidArgument(operation:name:value:reason:)`` when a requested
  /// class has no support example (no classifier can score a class it has never seen), when
  /// a support label is not among `classes`, or when `classes` repeats a label. The returned
  /// ``Predictions/classes`` are then exactly `classes`, ascending.
  ///
  /// - Complexity: that of ``predict(support:supportLabels:queries:)`` plus O(n + c log c).
  public func predict(
    support: Matrix, supportLabels: [Int32], queries: Matrix, classes: [Int32]
  ) throws -> Predictions {
    let requested = Set(classes)
    guard requested.count == classes.count else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "classes", value: "\(classes.count) labels",
        reason: "requested classes must be distinct")
    }
    let present = Set(supportLabels)
    if let missing = classes.first(where: { !present.contains($0) }) {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "classes", value: "\(missing)",
        reason: "class \(missing) has no support example")
    }
    if let stray = supportLabels.firstIndex(where: { !requested.contains($0) }) {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "supportLabels[\(stray)]", value: "\(supportLabels[stray])",
        reason: "not among the requested classes")
    }
    return try predict(support: support, supportLabels: supportLabels, queries: queries)
  }
}
