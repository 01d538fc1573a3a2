/// A person's answer to an ``AnnotationQuery``.
public struct AnnotationAnswer: Sendable, Equatable {
  /// The label given: typed, or the suggestion accepted. For a grid, the label of the
  /// members that were not marked.
  public var label: Int32
  /// The grid members marked as not belonging (they go back to the pool); empty otherwise.
  public var rejected: [Int]

  /// An answer.
  public init(label: Int32, rejected: [Int] = []) {
    self.label = label
    self.rejected = rejected
  }
}
