/// One N-way K-shot episode: row indices into a labelled feature set, with their labels.
public struct Episode: Sendable, Equatable {
  /// The episode's index in its sampler's sequence.
  public var index: Int
  /// The N classes drawn, in draw order.
  public var classes: [Int32]
  /// The N·K support rows, class by class in ``classes`` order.
  public var supportRows: [Int]
  /// The label of each support row.
  public var supportLabels: [Int32]
  /// The N·Q query rows, class by class in ``classes`` order.
  public var queryRows: [Int]
  /// The true label of each query row.
  public var queryLabels: [Int32]

  /// Creates an episode from its parts.
  public init(
    index: Int, classes: [Int32], supportRows: [Int], supportLabels: [Int32], queryRows: [Int],
    queryLabels: [Int32]
  ) {
    self.index = index
    self.classes = classes
    self.supportRows = supportRows
    self.supportLabels = supportLabels
    self.queryRows = queryRows
    self.queryLabels = queryLabels
  }
}
