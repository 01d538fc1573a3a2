import GlyphLabCore

/// A labeling re-coded as dense indices: the distinct values ascending, each point's index
/// into them, and the size of each.
struct LabelEncoding {
  /// The distinct labels, ascending.
  let values: [Int32]
  /// Each point's position in ``values``.
  let codes: [Int32]
  /// Points per distinct label.
  let sizes: [Int]

  /// Encodes `labels`. A compact label range is mapped through a lookup table, a sparse one
  /// through a dictionary.
  ///
  /// - Complexity: O(n + range) for a compact range, O(n log n) otherwise.
  init(_ labels: [Int32]) {
    guard let low = labels.min(), let high = labels.max() else {
      values = []
      codes = []
      sizes = []
      return
    }
    let span = Int(high) - Int(low) + 1
    var codes = [Int32](repeating: 0, count: labels.count)
    if span <= max(1 << 16, 4 * labels.count) {
      var present = [Int32](repeating: -1, count: span)
      for label in labels { present[Int(label) - Int(low)] = 0 }
      var values = [Int32]()
      for offset in 0..<span where present[offset] == 0 {
        present[offset] = Int32(values.count)
        values.append(Int32(Int(low) + offset))
      }
      for (i, label) in labels.enumerated() { codes[i] = present[Int(label) - Int(low)] }
      self.values = values
    } else {
      let values = Array(Set(labels)).sorted()
      var index = [Int32: Int32](minimumCapacity: values.count)
      for (i, value) in values.enumerated() { index[value] = Int32(i) }
      for (i, label) in labels.enumerated() { codes[i] = index[label] ?? 0 }
      self.values = values
    }
    var sizes = [Int](repeating: 0, count: self.values.count)
    for code in codes { sizes[Int(code)] += 1 }
    self.codes = codes
    self.sizes = sizes
  }
}
