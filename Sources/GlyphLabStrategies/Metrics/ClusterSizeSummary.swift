import GlyphLabCore

/// How a labeling's points are spread over its clusters: the count, the sizes largest
/// first, singletons and the extremes. For glyph clustering, many singletons or one giant
/// cluster say more than any single score.
public struct ClusterSizeSummary: Sendable, Equatable, Codable {
  /// The number of clusters (noise excluded).
  public var clusterCount: Int
  /// Cluster sizes, largest first.
  public var sizes: [Int]
  /// Clusters of exactly one point.
  public var singletons: Int
  /// The largest cluster's size (0 when there are none).
  public var largest: Int
  /// The smallest cluster's size (0 when there are none).
  public var smallest: Int
  /// The median cluster size (the mean of the middle two for an even count; 0 for none).
  public var medianSize: Double
  /// Points in clusters (noise excluded).
  public var clusteredPoints: Int
  /// Points carrying the noise label.
  public var noisePoints: Int

  /// Summarises cluster sizes given directly (zero sizes are ignored).
  public init(sizes: [Int], noisePoints: Int = 0) {
    let sorted = sizes.filter { $0 > 0 }.sorted(by: >)
    self.sizes = sorted
    clusterCount = sorted.count
    singletons = sorted.count { $0 == 1 }
    largest = sorted.first ?? 0
    smallest = sorted.last ?? 0
    if sorted.isEmpty {
      medianSize = 0
    } else if sorted.count % 2 == 1 {
      medianSize = Double(sorted[sorted.count / 2])
    } else {
      medianSize = Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    clusteredPoints = sorted.reduce(0, +)
    self.noisePoints = noisePoints
  }

  /// Summarises a labeling. Every distinct label is a cluster, except `noiseLabel` when given
  /// (e.g. −1 for density methods), whose points are counted in ``noisePoints``.
  ///
  /// - Complexity: O(n + clusters log clusters).
  public init(labels: [Int32], noiseLabel: Int32? = nil) {
    let encoding = LabelEncoding(labels)
    var sizes = encoding.sizes
    var noise = 0
    if let noiseLabel, let index = encoding.values.firstIndex(of: noiseLabel) {
      noise = sizes[index]
      sizes[index] = 0
    }
    self.init(sizes: sizes, noisePoints: noise)
  }
}
