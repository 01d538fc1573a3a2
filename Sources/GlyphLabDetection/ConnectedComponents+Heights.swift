extension ConnectedComponents {
  /// The area-weighted median height of components `indices`: the height below which half
  /// of their ink lies, ties by index. On a page, the height of a character's main part,
  /// little swayed by specks (light) or touching characters (few). `nil` for no ink.
  ///
  /// - Complexity: O(n log n) for n components.
  public func medianHeight(weightedByArea indices: [Int]) -> Int? {
    let byHeight = indices.sorted { (boxes[$0].height, $0) < (boxes[$1].height, $1) }
    let total = indices.reduce(0) { $0 + areas[$1] }
    var seen = 0
    for c in byHeight {
      seen += areas[c]
      if 2 * seen >= total && total > 0 { return boxes[c].height }
    }
    return nil
  }
}
