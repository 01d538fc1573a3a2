import Foundation
import GlyphLabCore

/// Bottom-up hierarchical clustering with Ward or average linkage on Euclidean features, as
/// scikit-learn's `AgglomerativeClustering(linkage="ward" | "average")` (which runs SciPy's
/// `linkage`): the same merge tree, the same merge distances, and so the same partition up to
/// the naming of clusters.
///
/// The tree is built by the nearest-neighbour-chain algorithm (Murtagh 1983; Müllner 2011, as
/// in SciPy's `nn_chain`) on the condensed pairwise distance matrix, updated in place with the
/// Lance–Williams formulas. The matrix is filled tile by tile with ``DistanceKernel``'s SGEMM,
/// on features centred first to limit cancellation.
///
/// Memory: the condensed matrix holds n(n−1)/2 floats, 2·n(n−1) bytes (about 50 MB for 5,000
/// points, 1.8 GB for 30,000), plus O(n·d) for a centred copy of the points: see
/// ``requiredBytes(points:dimensions:)``. Above ``memoryLimit`` (default 2 GiB) ``cluster(_:)``
/// throws ``GlyphLabError/memoryLimit(operation:bytes:limit:)`` before allocating anything.
///
/// Labels are numbered in order of each cluster's first point. Centroids are the member
/// means, medoids the member nearest its centroid, inertia the within-cluster sum of squares.
/// Ties between equal distances are broken as SciPy breaks them (the chain prefers its
/// previous element, then the lowest index); with exact ties the tree may still differ from
/// SciPy's because distances here are single precision.
public struct AgglomerativeClustering: ClusteringMethod {
  /// How the distance between two clusters is defined.
  public enum Linkage: String, Sendable, CaseIterable, Codable {
    /// Ward's minimum-variance criterion: merging A and B costs
    /// √(2·|A||B|/(|A|+|B|))·‖mean(A) − mean(B)‖ (SciPy's Ward distance: √2 × the
    /// square root of the increase in the within-cluster sum of squares).
    case ward
    /// UPGMA: the mean Euclidean distance between the members of A and of B.
    case average
  }

  /// When to stop merging.
  public enum Stop: Sendable, Equatable {
    /// Stop at this many clusters (scikit-learn's `n_clusters`).
    case clusters(Int)
    /// Make no merge whose linkage distance is ≥ this value (scikit-learn's
    /// `distance_threshold` with `n_clusters=None`): the cluster count is one more than the
    /// number of merges at or above it.
    case distanceThreshold(Float)
  }

  /// One merge of the tree, in SciPy's linkage-matrix convention.
  public struct Merge: Sendable, Equatable {
    /// The merged clusters' ids, `first < second`: ids below n are points, id n + k is the
    /// cluster made by merge k.
    public var first: Int
    /// See ``first``.
    public var second: Int
    /// The linkage distance at which they merge.
    public var distance: Float
    /// The number of points in the merged cluster.
    public var size: Int

    /// Creates a merge record.
    public init(first: Int, second: Int, distance: Float, size: Int) {
      self.first = first
      self.second = second
      self.distance = distance
      self.size = size
    }
  }

  /// The linkage criterion (default ``Linkage/ward``).
  public var linkage: Linkage
  /// When to stop merging.
  public var stop: Stop
  /// The most memory ``cluster(_:)`` may allocate, in bytes (default 2 GiB).
  public var memoryLimit: Int

  /// Clusters into `clusters` clusters with `linkage` (default Ward).
  public init(clusters: Int, linkage: Linkage = .ward, memoryLimit: Int = 2 << 30) {
    self.linkage = linkage
    self.stop = .clusters(clusters)
    self.memoryLimit = memoryLimit
  }

  /// Clusters by cutting the tree at `distanceThreshold` (in linkage-distance units, see
  /// ``Linkage``) with `linkage` (default Ward).
  public init(distanceThreshold: Float, linkage: Linkage = .ward, memoryLimit: Int = 2 << 30) {
    self.linkage = linkage
    self.stop = .distanceThreshold(distanceThreshold)
    self.memoryLimit = memoryLimit
  }

  /// "agglomerative-ward" or "agglomerative-average".
  public var name: String { "agglomerative-\(linkage.rawValue)" }

  /// The bytes ``cluster(_:)`` and ``mergeTree(_:)`` allocate for `points` rows of
  /// `dimensions` features: the condensed matrix (4 bytes per pair), a centred copy of the
  /// points, and O(n) bookkeeping.
  public static func requiredBytes(points n: Int, dimensions d: Int) -> Int {
    let pairs = n > 1 ? n.multipliedReportingOverflow(by: n - 1).partialValue / 2 : 0
    return pairs * 4 + n * d * 4 + n * 64
  }

  /// Clusters the rows of `points`.
  ///
  /// Throws on an empty matrix, NaN or infinity, a cluster count outside 1...n, a
  /// non-positive or non-finite threshold, or when ``requiredBytes(points:dimensions:)``
  /// exceeds ``memoryLimit``.
  ///
  /// - Complexity: O(n²·d) for the distances (SGEMM) and O(n²) for the chain; memory as in
  ///   ``requiredBytes(points:dimensions:)``.
  public func cluster(_ points: Matrix) throws -> ClusteringResult {
    let n = points.rows
    try validateStop(n: n)
    let tree = try mergeTree(points)
    let clusterCount: Int
    switch stop {
    case .clusters(let k): clusterCount = k
    case .distanceThreshold(let t): clusterCount = tree.count { $0.distance >= t } + 1
    }
    var labels = Self.cut(tree, points: n, clusters: clusterCount)
    let count = ClusterRepresentatives.canonicalize(&labels)
    let summary = ClusterRepresentatives.summarize(points: points, labels: labels, clusterCount: count)
    return ClusteringResult(
      labels: labels, centroids: summary.centroids, medoids: summary.medoids, inertia: summary.inertia)
  }

  /// The whole merge tree of `points`: n − 1 merges in SciPy's `linkage` order and
  /// convention (sorted by distance, stable), whatever ``stop`` says.
  ///
  /// - Complexity: as ``cluster(_:)``.
  public func mergeTree(_ points: Matrix) throws -> [Merge] {
    let operation = "AgglomerativeClustering"
    try ClusterRepresentatives.validate(points, operation: operation)
    let n = points.rows
    let bytes = Self.requiredBytes(points: n, dimensions: points.columns)
    guard n < (1 << 31), bytes <= memoryLimit else {
      throw GlyphLabError.memoryLimit(operation: operation, bytes: bytes, limit: memoryLimit)
    }
    guard n > 1 else { return [] }
    let pairCount = n * (n - 1) / 2
    let distances = try Self.allocateCondensed(count: pairCount)
    defer { free(distances) }
    try fillCondensed(points, into: distances)
    let raw = Self.nearestNeighbourChain(distances, n: n, linkage: linkage)
    return Self.label(raw, n: n)
  }

  /// Throws if ``stop`` is impossible for `n` points.
  func validateStop(n: Int) throws {
    switch stop {
    case .clusters(let k):
      guard k >= 1 else {
        throw GlyphLabError.invalidArgument(
          operation: "AgglomerativeClustering", name: "clusters", value: "\(k)", reason: "must be at least 1")
      }
      guard k <= max(n, 1) else {
        throw GlyphLabError.invalidArgument(
          operation: "AgglomerativeClustering", name: "clusters", value: "\(k)",
          reason: "more clusters than points (\(n))")
      }
    case .distanceThreshold(let t):
      guard t > 0, t.isFinite else {
        throw GlyphLabError.invalidArgument(
          operation: "AgglomerativeClustering", name: "distanceThreshold", value: "\(t)",
          reason: "must be positive and finite")
      }
    }
  }

  /// Allocates `count` floats aligned to 2 MiB and asks the kernel for transparent huge
  /// pages: the chain reads a column of the condensed matrix as one float per row, n·4 bytes
  /// apart, and with 4 KiB pages nearly every one of those reads would miss the TLB.
  static func allocateCondensed(count: Int) throws -> UnsafeMutablePointer<Float> {
    let bytes = count * MemoryLayout<Float>.stride
    let alignment = 2 << 20
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
      throw GlyphLabError.memoryLimit(operation: "AgglomerativeClustering", bytes: bytes, limit: 0)
    }
    #if os(Linux)
      if bytes >= alignment { _ = madvise(raw, (bytes / alignment) * alignment, MADV_HUGEPAGE) }
    #endif
    return raw.bindMemory(to: Float.self, capacity: count)
  }

  /// Writes the condensed distances (pair (i, j), i < j, at
  /// `i·(2n − i − 1)/2 + j − i − 1`): squared Euclidean for Ward, Euclidean for average.
  func fillCondensed(_ points: Matrix, into out: UnsafeMutablePointer<Float>) throws {
    let n = points.rows
    var centred = points
    try centred.subtractFromRows(points.columnMeans())
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    let squareRoot = linkage == .average
    try kernel.forEachPair(of: centred) { i, first, distances in
      let rowStart = i * (2 * n - i - 1) / 2 - i - 1
      for (k, value) in distances.enumerated() {
        out[rowStart + first + k] = squareRoot ? value.squareRoot() : value
      }
    }
  }

  /// A merge as the chain makes it: clusters are slots `0..<n`; slot `y` holds the union
  /// afterwards and slot `x` is retired.
  struct RawMerge {
    var x: Int
    var y: Int
    var distance: Float
    var size: Int
  }

  /// SciPy's `nn_chain`: follows nearest neighbours until two clusters are each other's
  /// nearest, merges them and updates their row by Lance–Williams, n − 1 times. Merge
  /// distances are converted to Euclidean units (square root for Ward).
  ///
  /// - Complexity: O(n²) time (each merge costs O(n) amortised scans), O(n) extra memory.
  static func nearestNeighbourChain(
    _ d: UnsafeMutablePointer<Float>, n: Int, linkage: Linkage
  ) -> [RawMerge] {
    // Pair (i, j), i < j, is at rowStart[i] + j.
    let rowStart = (0..<n).map { i in i * (2 * n - i - 1) / 2 - i - 1 }
    @inline(__always) func at(_ a: Int, _ b: Int) -> Int { a < b ? rowStart[a] &+ b : rowStart[b] &+ a }
    var size = [Int](repeating: 1, count: n)
    var active = Array(0..<n)  // the live slots, ascending
    var chain = [Int]()
    chain.reserveCapacity(n)
    var merges = [RawMerge]()
    merges.reserveCapacity(n - 1)
    for _ in 0..<(n - 1) {
      if chain.isEmpty { chain.append(active[0]) }
      var x = 0
      var y = 0
      var currentMin = Float.infinity
      while true {
        x = chain[chain.count - 1]
        if chain.count > 1 {
          y = chain[chain.count - 2]
          currentMin = d[at(x, y)]
        } else {
          currentMin = .infinity
        }
        // The nearest live slot to x: the lowest index among equals, the previous chain
        // element preferred. Slots below x read a column, slots above it x's own row.
        active.withUnsafeBufferPointer { live in
          rowStart.withUnsafeBufferPointer { starts in
            var k = 0
            while k < live.count && live[k] < x {
              let i = live[k]
              let value = d[starts[i] &+ x]
              if value < currentMin {
                currentMin = value
                y = i
              }
              k += 1
            }
            let row = d + starts[x]
            k += 1  // skip x itself
            while k < live.count {
              let i = live[k]
              let value = row[i]
              if value < currentMin {
                currentMin = value
                y = i
              }
              k += 1
            }
          }
        }
        if chain.count > 1 && y == chain[chain.count - 2] { break }
        chain.append(y)
      }
      chain.removeLast(2)
      if x > y { swap(&x, &y) }
      let nx = size[x]
      let ny = size[y]
      let distance = linkage == .ward ? currentMin.squareRoot() : currentMin
      merges.append(RawMerge(x: x, y: y, distance: distance, size: nx + ny))
      size[x] = 0
      size[y] = nx + ny
      let dxy = Double(currentMin)
      let fx = Double(nx)
      let fy = Double(ny)
      active.withUnsafeBufferPointer { live in
        for i in live where i != x && i != y {
          let ni = Double(size[i])
          let dix = Double(d[at(i, x)])
          let iy = at(i, y)
          let diy = Double(d[iy])
          let updated: Double
          switch linkage {
          case .ward: updated = ((fx + ni) * dix + (fy + ni) * diy - ni * dxy) / (fx + fy + ni)
          case .average: updated = (fx * dix + fy * diy) / (fx + fy)
          }
          d[iy] = Float(max(0, updated))
        }
      }
      // x is retired: drop it from the live slots (they stay ascending).
      var lower = 0
      var upper = active.count
      while lower < upper {
        let middle = (lower + upper) / 2
        if active[middle] < x { lower = middle + 1 } else { upper = middle }
      }
      active.remove(at: lower)
    }
    return merges
  }

  /// Sorts the chain's merges by distance (stable) and renames clusters as SciPy's `label`
  /// does: points keep ids `0..<n`, merge k makes id n + k.
  static func label(_ raw: [RawMerge], n: Int) -> [Merge] {
    let order = raw.indices.sorted {
      raw[$0].distance != raw[$1].distance ? raw[$0].distance < raw[$1].distance : $0 < $1
    }
    var parent = Array(0..<n)
    var clusterID = Array(0..<n)  // the current id of the set whose root is the index
    func find(_ a: Int) -> Int {
      var a = a
      while parent[a] != a {
        parent[a] = parent[parent[a]]
        a = parent[a]
      }
      return a
    }
    var merges = [Merge]()
    merges.reserveCapacity(raw.count)
    for (k, m) in order.map({ raw[$0] }).enumerated() {
      let rx = find(m.x)
      let ry = find(m.y)
      let a = clusterID[rx]
      let b = clusterID[ry]
      merges.append(Merge(first: min(a, b), second: max(a, b), distance: m.distance, size: m.size))
      parent[rx] = ry
      clusterID[ry] = n + k
    }
    return merges
  }

  /// The labels (one per point, cluster ids not yet canonical) after the first n − clusters
  /// merges of `tree`.
  static func cut(_ tree: [Merge], points n: Int, clusters: Int) -> [Int32] {
    var parent = Array(0..<(2 * n - 1))
    func find(_ a: Int) -> Int {
      var a = a
      while parent[a] != a {
        parent[a] = parent[parent[a]]
        a = parent[a]
      }
      return a
    }
    for (k, m) in tree.prefix(max(0, n - clusters)).enumerated() {
      parent[find(m.first)] = n + k
      parent[find(m.second)] = n + k
    }
    return (0..<n).map { Int32(find($0)) }
  }
}
