/// The `k` nearest references of each query row, nearest first.
public struct NeighborsResult: Sendable, Equatable {
  /// Neighbours per row: `min(k, references)`.
  public var k: Int
  /// Row-major `queries × k` reference indices; ties keep the lower index first.
  public var indices: [Int32]
  /// Row-major `queries × k` distances, ascending along each row.
  public var distances: [Float]

  public init(k: Int, indices: [Int32], distances: [Float]) {
    self.k = k
    self.indices = indices
    self.distances = distances
  }

  /// The neighbour indices of query `row`.
  public func indices(row: Int) -> ArraySlice<Int32> { indices[row * k..<(row + 1) * k] }
  /// The neighbour distances of query `row`.
  public func distances(row: Int) -> ArraySlice<Float> { distances[row * k..<(row + 1) * k] }
}
