import GlyphLabCore

/// The M-step of Lloyd's algorithm: per-cluster sums (in `Double`) and counts of an
/// assignment, the new centres, and scikit-learn's relocation of empty clusters.
///
/// The points are cut into a fixed number of contiguous row blocks (up to 8, chosen from n
/// and k·d only, never from the thread count); each block is streamed front to back into its
/// own k × d partial sums, and the partials are then added in block order. Every sum is thus
/// formed in the same order whatever ``BLAS/threadCount`` is, so the centres are identical
/// for every thread count, while each thread reads the points sequentially (the memory-bound
/// part of the step) with its partial sums in cache.
struct ClusterAccumulator {
  /// `clusters × d` sums of the member rows, row-major.
  var sums: [Double]
  /// Members per cluster.
  var counts: [Int]
  let clusters: Int
  let dimension: Int

  /// Sums the rows of `points` by `labels` (each in `0..<clusters`).
  ///
  /// - Complexity: O(n·d + blocks·k·d) time; O(blocks·k·d) extra memory, at most 64 MiB of
  ///   partial sums (fewer blocks when k·d is large).
  init(points: Matrix, labels: [Int32], clusters: Int) {
    let n = points.rows
    let d = points.columns
    self.clusters = clusters
    self.dimension = d
    var counts = [Int](repeating: 0, count: clusters)
    for label in labels { counts[Int(label)] += 1 }
    var sums = [Double](repeating: 0, count: clusters * d)
    if d > 0 && n > 0 {
      let width = clusters * d
      let blocks = max(1, min(8, n / 4096, (64 << 20) / max(1, width * 8)))
      var partials = [Double](repeating: 0, count: blocks * width)
      partials.withUnsafeMutableBufferPointer { p in
        points.withUnsafeBufferPointer { x in
          labels.withUnsafeBufferPointer { l in
            nonisolated(unsafe) let pBase = p.baseAddress!
            nonisolated(unsafe) let xBase = x.baseAddress!
            nonisolated(unsafe) let lBase = l.baseAddress!
            Parallel.forEachChunk(count: blocks, minimumChunk: 1) { range in
              for b in range {
                let partial = pBase + b * width
                for i in (b * n / blocks)..<((b + 1) * n / blocks) {
                  let sum = partial + Int(lBase[i]) * d
                  let row = xBase + i * d
                  for j in 0..<d { sum[j] += Double(row[j]) }
                }
              }
            }
          }
        }
        sums.withUnsafeMutableBufferPointer { s in
          nonisolated(unsafe) let sBase = s.baseAddress!
          nonisolated(unsafe) let pBase = p.baseAddress!
          Parallel.forEachChunk(count: width, minimumChunk: 4096) { range in
            for b in 0..<blocks {
              let partial = pBase + b * width
              for e in range { sBase[e] += partial[e] }
            }
          }
        }
      }
    }
    self.sums = sums
    self.counts = counts
  }

  /// The clusters with no member, ascending.
  var emptyClusters: [Int] { (0..<clusters).filter { counts[$0] == 0 } }

  /// scikit-learn's empty-cluster repair (`_relocate_empty_clusters_dense`), made
  /// deterministic: the points farthest from the centre they were assigned to (`previous`,
  /// the centres of the assignment step) are moved, farthest first with ties to the lower
  /// index, one to each empty cluster in ascending cluster order. Each moved point leaves its
  /// old cluster's sum and count. Labels are not changed; the next assignment step does that.
  ///
  /// Throws when every point already sits on its centre: then the points have only as many
  /// distinct rows as there are non-empty clusters, fewer than `clusters`.
  ///
  /// - Complexity: O(n·d + n log n), and only when some cluster is empty.
  mutating func relocateEmptyClusters(
    points: Matrix, labels: [Int32], previous: Matrix, operation: String
  ) throws {
    let empty = emptyClusters
    guard !empty.isEmpty else { return }
    let n = points.rows
    let d = dimension
    var distances = [Double](repeating: 0, count: n)
    distances.withUnsafeMutableBufferPointer { dist in
      points.withUnsafeBufferPointer { x in
        previous.withUnsafeBufferPointer { c in
          nonisolated(unsafe) let distBase = dist.baseAddress!
          nonisolated(unsafe) let xBase = x.baseAddress
          nonisolated(unsafe) let cBase = c.baseAddress
          Parallel.forEachChunk(count: n, minimumChunk: 1024) { range in
            guard let xBase, let cBase else { return }
            for i in range {
              let row = xBase + i * d
              let centre = cBase + Int(labels[i]) * d
              var s = 0.0
              for j in 0..<d {
                let diff = Double(row[j]) - Double(centre[j])
                s += diff * diff
              }
              distBase[i] = s
            }
          }
        }
      }
    }
    guard let largest = distances.max(), largest > 0 else {
      let distinct = clusters - empty.count
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "clusters", value: "\(clusters)",
        reason:
          "the points have only \(distinct) distinct rows, so \(empty.count) clusters would stay empty; "
          + "ask for at most \(distinct) clusters")
    }
    let farthest = Self.farthest(empty.count, of: distances)
    points.withUnsafeBufferPointer { x in
      for (slot, cluster) in empty.enumerated() where slot < farthest.count && distances[farthest[slot]] > 0 {
        let point = farthest[slot]
        let old = Int(labels[point])
        for j in 0..<d {
          let value = Double(x[point * d + j])
          sums[old * d + j] -= value
          sums[cluster * d + j] = value
        }
        counts[old] -= 1
        counts[cluster] = 1
      }
    }
  }

  /// The indices of the `count` largest `values`, largest first, ties to the lower index.
  ///
  /// - Complexity: O(n · count) worst case, O(n) typically (most values fail the threshold).
  static func farthest(_ count: Int, of values: [Double]) -> [Int] {
    var top: [Int] = []
    top.reserveCapacity(count + 1)
    for i in values.indices {
      if top.count == count, let last = top.last, values[i] <= values[last] { continue }
      // Insert after every kept index whose value is ≥ this one (earlier indices win ties).
      var position = top.count
      while position > 0 && values[top[position - 1]] < values[i] { position -= 1 }
      top.insert(i, at: position)
      if top.count > count { top.removeLast() }
    }
    return top
  }

  /// The centres: each cluster's mean, or its `previous` centre when it has no member
  /// (scikit-learn would put such a centre at the origin; keeping it is the safer choice).
  func centroids(previous: Matrix) -> Matrix {
    let d = dimension
    var out = previous
    out.withUnsafeMutableBufferPointer { o in
      for c in 0..<clusters where counts[c] > 0 {
        let scale = 1 / Double(counts[c])
        for j in 0..<d { o[c * d + j] = Float(sums[c * d + j] * scale) }
      }
    }
    return out
  }
}
