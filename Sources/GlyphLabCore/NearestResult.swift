/// The nearest reference of each query row.
public struct NearestResult: Sendable, Equatable {
  /// Index of the nearest reference row for each query (the lowest index on ties).
  public var indices: [Int32]
  /// Its distance under the kernel's metric.
  public var distances: [Float]

  public init(indices: [Int32], distances: [Float]) {
    self.indices = indices
    self.distances = distances
  }
}
