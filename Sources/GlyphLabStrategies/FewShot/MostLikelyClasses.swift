import GlyphLabCore

/// A classifier's answer cut down to each query's `keep` most likely classes, best first:
/// what a loop that suggests labels and ranks queries by margin keeps, without the
/// `queries × classes` probability matrix (342 MB for 16,384 queries over 5,214 classes).
public struct MostLikelyClasses: Sendable, Equatable {
  /// Classes kept per query.
  public var keep: Int
  /// The predicted label of each query.
  public var labels: [Int32]
  /// `queries × keep` class labels, best first; -1 pads a row when there are fewer classes.
  public var classes: [Int32]
  /// `queries × keep` probabilities, matching ``classes``; 0 pads.
  public var probabilities: [Float]

  public init(keep: Int, labels: [Int32], classes: [Int32], probabilities: [Float]) {
    self.keep = keep
    self.labels = labels
    self.classes = classes
    self.probabilities = probabilities
  }
}

extension Predictions {
  /// Each query's `keep` most likely classes and their probabilities, best first; among
  /// equal probabilities the lower column (the lower label) first; rows with fewer than
  /// `keep` classes padded with class -1 and probability 0.
  ///
  /// - Complexity: O(queries × classes × keep) at worst, O(queries × classes) typically (a
  ///   linear selection, not a sort).
  public func mostLikely(keep: Int) -> MostLikelyClasses {
    let keep = max(0, keep)
    var classes = [Int32]()
    var values = [Float]()
    classes.reserveCapacity(labels.count * keep)
    values.reserveCapacity(labels.count * keep)
    var order: [Int] = []  // absolute indices into the row, best first
    order.reserveCapacity(keep + 1)
    for i in 0..<labels.count {
      let row = probabilities.row(i)
      order.removeAll(keepingCapacity: true)
      for j in row.indices {
        let v = row[j]
        if order.count == keep, let last = order.last, !(v > row[last]) { continue }
        if keep == 0 { break }
        var at = order.count
        while at > 0, v > row[order[at - 1]] { at -= 1 }
        order.insert(j, at: at)
        if order.count > keep { order.removeLast() }
      }
      for j in order {
        classes.append(self.classes[j - row.startIndex])
        values.append(row[j])
      }
      for _ in order.count..<keep {
        classes.append(-1)
        values.append(0)
      }
    }
    return MostLikelyClasses(keep: keep, labels: labels, classes: classes, probabilities: values)
  }
}

extension FewShotClassifier {
  /// ``predict(support:supportLabels:queries:)``, then each query's `keep` most likely
  /// classes (``Predictions/mostLikely(keep:)``).
  public func predictMostLikely(
    support: Matrix, supportLabels: [Int32], queries: Matrix, keep: Int
  ) throws -> MostLikelyClasses {
    try predict(support: support, supportLabels: supportLabels, queries: queries).mostLikely(keep: keep)
  }
}
