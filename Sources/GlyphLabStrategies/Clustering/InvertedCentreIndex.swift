import GlyphLabCore

/// An inverted-list index over a set of centres, for approximate nearest-centre assignment
/// (faiss's `IndexIVFFlat` with the centres as the database).
///
/// Building clusters the centres themselves into ``lists`` groups (a k-means over the
/// centres with random starts and a few Lloyd iterations, seeded). Assigning a point finds
/// its ``probes`` nearest group centroids, then its nearest centre among the members of those
/// groups. The answer is the exact nearest centre whenever that centre lies in one of the
/// probed groups; otherwise the nearest of those probed. ``KMeans`` uses it with
/// ``KMeansAssignment/inverted(lists:probes:)``; `glyphlab bench kmeans --assignment inverted`
/// measures what it loses against exact assignment (the share of points given their true
/// nearest centre, and the inertia ratio).
///
/// Deterministic: each group's visitors are scored by one fused SGEMM + argmin whose shapes
/// follow the data alone, and each point keeps the nearest of its groups' winners (ties to
/// the lower centre index), so the result does not depend on the thread count.
public struct InvertedCentreIndex: Sendable {
  /// The centres indexed (`k × d`).
  public let centres: Matrix
  /// The group centroids (`lists × d`).
  public let listCentroids: Matrix
  /// The centre indices in each group, ascending.
  public let members: [[Int]]
  /// Groups each point is compared with.
  public let probes: Int

  /// The number of groups.
  public var lists: Int { listCentroids.rows }

  /// Builds the index over `centres`, with `lists` groups (default ⌈√k⌉) and `probes`
  /// groups searched per point.
  ///
  /// Throws ``GlyphLabError/invalidArgument(operation:name:value:reason:)`` naming `lists` or
  /// `probes` when lists is not in 2…k or probes is not in 1…lists − 1 (an index that
  /// probes every list is exact assignment at a higher cost: ask for exact assignment).
  ///
  /// - Complexity: O(iterations · k · lists · d) for the grouping.
  public init(centres: Matrix, lists requested: Int? = nil, probes: Int, seed: UInt64 = 0) throws {
    let lists = try Self.checkedLists(centres: centres.rows, lists: requested, probes: probes)
    let grouping = try KMeans(
      clusters: lists, initialization: .random, restarts: 1, maxIterations: 10, tolerance: 0, seed: seed
    ).cluster(centres)
    guard let centroids = grouping.centroids else {
      throw GlyphLabError.invalidArgument(
        operation: "InvertedCentreIndex", name: "centres", value: "\(centres.rows) rows", reason: "could not be grouped"
      )
    }
    var members = [[Int]](repeating: [], count: lists)
    for (c, group) in grouping.labels.enumerated() { members[Int(group)].append(c) }
    self.centres = centres
    self.listCentroids = centroids
    self.members = members
    self.probes = probes
  }

  /// The number of groups for `k` centres (`lists`, or ⌈√k⌉ when nil), after checking it and
  /// `probes` as ``init(centres:lists:probes:seed:)`` does.
  public static func checkedLists(centres k: Int, lists requested: Int?, probes: Int) throws -> Int {
    let lists = requested ?? Int(Double(k).squareRoot().rounded(.up))
    guard lists >= 2, lists <= k else {
      throw GlyphLabError.invalidArgument(
        operation: "InvertedCentreIndex", name: "lists", value: "\(lists)",
        reason: "must be between 2 and the number of centres (\(k))")
    }
    guard probes >= 1, probes < lists else {
      throw GlyphLabError.invalidArgument(
        operation: "InvertedCentreIndex", name: "probes", value: "\(probes)",
        reason:
          "must be at least 1 and below the \(lists) lists: probing every list cannot be more accurate than "
          + "exact assignment, only slower (use exact assignment)")
    }
    return lists
  }

  /// Each point's nearest centre among the probed groups, and its squared distance.
  ///
  /// - Complexity: O(n·lists·d) to find the groups, O(n·probes·(k/lists)·d) to scan them
  ///   (blocked SGEMM, the groups spread over the threads), O(n·probes) to pick each point's
  ///   best group.
  public func assign(_ points: Matrix) throws -> NearestResult {
    let kernel = DistanceKernel(metric: .squaredEuclidean)
    let n = points.rows
    let probed = try kernel.topK(queries: points, references: listCentroids, k: probes)
    let slots = probed.k
    // The points that probe each group (ascending), with the slot the group has in each
    // point's probe list.
    var visitors = [[(point: Int, slot: Int)]](repeating: [], count: lists)
    for i in 0..<n {
      for (slot, group) in probed.indices(row: i).enumerated() { visitors[Int(group)].append((i, slot)) }
    }
    // Every (point, slot) gets the nearest centre of that group; the groups write disjoint
    // slots, so they run in parallel.
    var slotDistance = [Float](repeating: .infinity, count: n * slots)
    var slotCentre = [Int32](repeating: Int32.max, count: n * slots)
    let failure = Locked<(any Error)?>(nil)
    let order = (0..<lists).sorted { visitors[$0].count > visitors[$1].count }
    let workers = max(1, min(BLAS.threadCount, lists))
    slotDistance.withUnsafeMutableBufferPointer { sd in
      slotCentre.withUnsafeMutableBufferPointer { sc in
        nonisolated(unsafe) let (sd, sc) = (sd, sc)
        BLAS.withSingleThreadedCalls {
          Parallel.forEachWorker(workers) { worker in
            var next = worker
            while next < order.count {
              let group = order[next]
              next += workers
              guard !visitors[group].isEmpty, !members[group].isEmpty else { continue }
              do {
                let found = try kernel.argmin(
                  queries: points.gathering(rows: visitors[group].map(\.point)),
                  references: centres.gathering(rows: members[group]))
                for (local, visitor) in visitors[group].enumerated() {
                  sd[visitor.point * slots + visitor.slot] = found.distances[local]
                  sc[visitor.point * slots + visitor.slot] = Int32(members[group][Int(found.indices[local])])
                }
              } catch {
                failure.withLock { if $0 == nil { $0 = error } }
              }
            }
          }
        }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    var indices = [Int32](repeating: 0, count: n)
    var distances = [Float](repeating: 0, count: n)
    for i in 0..<n {
      var best = i * slots
      for s in (i * slots + 1)..<((i + 1) * slots) {
        if slotDistance[s] < slotDistance[best]
          || (slotDistance[s] == slotDistance[best] && slotCentre[s] < slotCentre[best])
        {
          best = s
        }
      }
      indices[i] = slotCentre[best]
      distances[i] = slotDistance[best]
    }
    return NearestResult(indices: indices, distances: distances)
  }
}
