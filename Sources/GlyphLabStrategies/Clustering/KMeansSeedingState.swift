import GlyphLabCore

/// The state of greedy k-means++ seeding over a fixed set of points: each point's squared
/// distance to its nearest chosen centre and which centre that is, each centre's members and
/// radius, and the distances' sums per block, from which candidates are drawn.
///
/// The radii prune the search exactly. A point x whose nearest centre is c_j can only get
/// closer to a candidate c when ‖c − c_j‖ < 2‖x − c_j‖ (triangle inequality), so a
/// candidate farther than twice a centre's radius from it cannot move any of that centre's
/// members. As the centres multiply, each candidate reaches only the few centres around it.
/// Pruning skips only work: a skipped member could not have moved, so the result is the one
/// a full search gives. The work is cut into pieces of a fixed size, so the result does not
/// depend on the thread count.
///
/// The state starts **dense**: while the centres are few, most points are far from every
/// centre and the bound rules out little, so each evaluation scans the points in index order
/// (each still skipped when its own bound rules it out) and keeps no member lists, which the
/// early centres would otherwise rewrite at every step. Once an evaluation measures fewer
/// than ``groupingFraction`` of the points, the members are grouped per centre (the **grouped**
/// mode), so whole centres out of every candidate's reach are skipped without being read.
/// The switch depends only on the points and the draws, never on timing or threads.
struct KMeansSeedingState {
  /// What the chosen candidate changes: the points it takes and their new distances.
  struct Taken {
    /// The points it takes (strictly closer to it than to their centre), in piece order.
    var points: [Int32] = []
    /// Their squared distances to the candidate.
    var distances: [Float] = []
  }

  /// The last ``evaluate(candidates:into:)``: its candidates, pieces and what each
  /// piece measured, kept until ``add(trial:)`` takes the winner's points from them.
  private var evaluation: (candidates: [Int], pieces: [Piece], results: [PieceResult])?

  private let points: UnsafePointer<Float>
  private let count: Int
  private let dimension: Int
  /// Points per block of ``blockTotals`` (fixed, never from the thread count).
  let blockSize: Int
  /// Each point's squared distance to its nearest centre, D(x)².
  private(set) var closest: [Float]
  /// Sums of ``closest`` per block of ``blockSize`` points, each added in index order.
  private(set) var blockTotals: [Double]
  /// Σ D(x)²: the block totals added in block order.
  private(set) var potential: Double
  /// The centres' point indices, in the order chosen.
  private(set) var centres: [Int32]
  private var owner: [Int32]
  /// Whether the members are grouped per centre (``members``, ``memberPoints``); until then
  /// (the dense mode) both are empty and the points are scanned in index order.
  private(set) var grouped = false
  /// Rows the last evaluation measured (for the switch to the grouped mode).
  private var measuredRows = 0
  private let pruning: Bool
  private var members: [[Int32]]
  /// Per centre, its members' coordinates, contiguous and in the order of ``members``. A
  /// centre's members are spread over the whole point array (a cluster's points are rarely
  /// neighbours in it), so reading them in place is a cache miss per row; read from here,
  /// the scan streams. It costs one copy of the points, and each point is copied again only
  /// when it changes centre.
  private var memberPoints: [[Float]]
  /// Per centre, the largest squared distance of its members (0: all sit on it).
  private var radius: [Float]
  private var centreDistances: [Float] = []

  /// Starts from one centre, point `first`, with every point its member, in the dense mode.
  /// With `pruning` off every point is measured against every candidate at every step (the
  /// same result, for tests), and the state stays dense.
  ///
  /// - Complexity: O(count · dimension).
  init(points: UnsafePointer<Float>, count: Int, dimension: Int, first: Int, blockSize: Int, pruning: Bool = true) {
    self.points = points
    self.pruning = pruning
    self.count = count
    self.dimension = dimension
    self.blockSize = max(1, blockSize)
    var closest = [Float](repeating: 0, count: count)
    closest.withUnsafeMutableBufferPointer { out in
      DistanceKernel.squaredDistances(
        from: points + first * dimension, to: points, dimension: dimension, rows: nil, count: count,
        into: out.baseAddress!)
    }
    closest[first] = 0
    self.closest = closest
    owner = [Int32](repeating: 0, count: count)
    members = []
    memberPoints = []
    radius = [closest.max() ?? 0]
    centres = [Int32(first)]
    let blocks = (count + self.blockSize - 1) / self.blockSize
    blockTotals = [Double](repeating: 0, count: blocks)
    potential = 0
    for b in 0..<blocks { blockTotals[b] = blockSum(b) }
    potential = blockTotals.reduce(0, +)
  }

  /// How much adding each of `candidates` as a centre would lower the potential Σ D(x)²,
  /// Σ (D(x)² − d(x, c)²) over the points it would take, written into `gains` (one per
  /// candidate). The measured distances are kept for ``add(trial:)``, so only the winner's
  /// points are ever listed. With pruning off every point is measured.
  ///
  /// Two exact tests skip work. A centre c_j farther than twice its radius from the candidate
  /// c loses none of its members; and a member x with ‖c − c_j‖ ≥ 2·D(x) cannot move, so its
  /// distance is never needed. The rows left are cut into pieces of ``pieceSize`` (a fixed
  /// size, never from the thread count): runs of consecutive points in the dense mode, runs
  /// of one centre's members in the grouped mode. Each piece is read once and measured
  /// against every candidate that reaches it, the pieces concurrently. Their gains are added
  /// in piece order, so the result does not depend on the thread count.
  ///
  /// - Complexity: O(candidates · centres · dimension) for the tests, O(count) more in the
  ///   dense mode, plus O(dimension) per (candidate, row) pair measured.
  mutating func evaluate(candidates: [Int], into gains: inout [Double]) {
    let t = candidates.count
    gains = [Double](repeating: 0, count: t)
    evaluation = nil
    let k = centres.count
    let d = dimension
    if centreDistances.count < t * k { centreDistances = [Float](repeating: 0, count: 2 * t * k) }
    if pruning {
      for (i, candidate) in candidates.enumerated() {
        centres.withUnsafeBufferPointer { rows in
          centreDistances.withUnsafeMutableBufferPointer { out in
            DistanceKernel.squaredDistances(
              from: points + candidate * d, to: points, dimension: d, rows: rows, count: k,
              into: out.baseAddress! + i * k)
          }
        }
      }
    }
    // Per centre, the candidates that reach it and the smallest of their reaches (∞: none).
    var reachingByCentre = [[Int]](repeating: [], count: k)
    var lowest = [Float](repeating: .infinity, count: k)
    for j in 0..<k {
      let r = radius[j]
      guard r > 0 else { continue }
      // In squares, with a margin far above rounding: 4·D² ≤ ‖c − c_j‖² means no move.
      for i in 0..<t {
        let bound = pruning ? centreDistances[i * k + j] / (4 * 1.001) : -1
        if bound < r {
          reachingByCentre[j].append(i)
          lowest[j] = min(lowest[j], bound)
        }
      }
    }
    var pieces: [Piece] = []
    if grouped {
      for j in 0..<k where !reachingByCentre[j].isEmpty {
        let count = members[j].count
        for start in stride(from: 0, to: count, by: Self.pieceSize) {
          pieces.append(
            Piece(
              centre: j, members: start..<min(count, start + Self.pieceSize), reaching: reachingByCentre[j],
              reach: lowest[j]))
        }
      }
    } else if lowest.contains(where: { $0 < .infinity }) {
      // Dense: every candidate is measured against each row its own centre's reach lets
      // through (a pair a candidate's bound rules out gains nothing, as in a piece).
      let all = Array(0..<t)
      for start in stride(from: 0, to: count, by: Self.pieceSize) {
        pieces.append(Piece(centre: nil, members: start..<min(count, start + Self.pieceSize), reaching: all, reach: 0))
      }
    }
    var results = [PieceResult](repeating: PieceResult(), count: pieces.count)
    let context = PieceContext(
      points: points, dimension: d, candidates: candidates, members: members, memberPoints: memberPoints,
      owner: owner, lowest: lowest)
    closest.withUnsafeBufferPointer { cl in
      results.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let closest = cl.baseAddress!
        nonisolated(unsafe) let out = out.baseAddress!
        Parallel.forEachChunk(count: pieces.count, minimumChunk: 1) { range in
          for p in range { out[p] = context.measure(pieces[p], closest: closest) }
        }
      }
    }
    measuredRows = 0
    for (piece, result) in zip(pieces, results) {
      for (slot, i) in piece.reaching.enumerated() { gains[i] += result.gains[slot] }
      measuredRows += result.rows.count
    }
    evaluation = (candidates, pieces, results)
  }

  /// The points candidate `trial` of the last evaluation takes, from the distances it kept,
  /// in piece order and member order within a piece.
  ///
  /// - Complexity: O(members measured for the candidate).
  private func taken(byTrial trial: Int) -> Taken {
    var taken = Taken()
    guard let evaluation else { return taken }
    for (piece, result) in zip(evaluation.pieces, evaluation.results) {
      guard let slot = piece.reaching.firstIndex(of: trial) else { continue }
      let q = piece.reaching.count
      for (member, x) in result.rows.enumerated() {
        let dx = result.distances[member * q + slot]
        if dx < closest[Int(x)] {
          taken.points.append(x)
          taken.distances.append(dx)
        }
      }
    }
    return taken
  }

  /// Members per piece of work in ``evaluate(candidates:into:)``.
  static let pieceSize = 2048

  /// Below this fraction of the points measured in one evaluation, the dense mode groups
  /// the members per centre (1/8: measured, on 100,000 × 64 points in 256 blobs).
  static let groupingFraction = 8

  /// A run of one centre's members (positions in its member list), or in the dense mode
  /// (`centre` nil) a run of consecutive points, and the candidates that reach it.
  private struct Piece {
    var centre: Int?
    var members: Range<Int>
    /// The candidates (trial indices) that reach the centre.
    var reaching: [Int]
    /// The smallest of their reaches: members with D(x)² at most this move to none (in the
    /// dense mode each point's own centre's reach, from ``PieceContext/lowest``, is used).
    var reach: Float
  }

  /// What a piece found: per reaching candidate (in the order of ``Piece/reaching``) its
  /// gain, and the members it measured with their distances to every reaching candidate.
  private struct PieceResult {
    var gains: [Double] = []
    /// The measured members (point indices), in member order.
    var rows: [Int32] = []
    /// `rows.count × reaching.count`: row-major, one row per measured member.
    var distances: [Float] = []
  }

  /// What every piece reads and none writes.
  private struct PieceContext {
    let points: UnsafePointer<Float>
    let dimension: Int
    let candidates: [Int]
    let members: [[Int32]]
    let memberPoints: [[Float]]
    /// Each point's centre, and per centre the smallest reach of the candidates reaching it.
    let owner: [Int32]
    let lowest: [Float]

    /// Measures the piece's rows with D(x)² above their reach against its candidates.
    func measure(_ piece: Piece, closest: UnsafePointer<Float>) -> PieceResult {
      let q = piece.reaching.count
      var result = PieceResult(gains: [Double](repeating: 0, count: q))
      // The measured points, and where their coordinates are: positions in the centre's own
      // copy (``memberPoints``), or in the dense mode the points themselves.
      var rows: [Int32] = []
      var local: [Int32] = []
      rows.reserveCapacity(piece.members.count)
      if let centre = piece.centre {
        let list = members[centre]
        local.reserveCapacity(piece.members.count)
        for index in piece.members where closest[Int(list[index])] > piece.reach {
          rows.append(list[index])
          local.append(Int32(index))
        }
      } else {
        owner.withUnsafeBufferPointer { owner in
          lowest.withUnsafeBufferPointer { lowest in
            for x in piece.members where closest[x] > lowest[Int(owner[x])] { rows.append(Int32(x)) }
          }
        }
      }
      guard !rows.isEmpty else { return result }
      let d = dimension
      var queries = [Float](repeating: 0, count: q * d)
      queries.withUnsafeMutableBufferPointer { out in
        for (slot, i) in piece.reaching.enumerated() {
          (out.baseAddress! + slot * d).update(from: points + candidates[i] * d, count: d)
        }
      }
      // Every entry is written by the kernel: no zero fill first.
      let distances = [Float](unsafeUninitializedCapacity: rows.count * q) { out, initialized in
        queries.withUnsafeBufferPointer { qs in
          if let centre = piece.centre {
            local.withUnsafeBufferPointer { r in
              memberPoints[centre].withUnsafeBufferPointer { own in
                DistanceKernel.squaredDistances(
                  from: qs.baseAddress!, queryCount: q, to: own.baseAddress!, dimension: d, rows: r, count: r.count,
                  into: out.baseAddress!)
              }
            }
          } else {
            rows.withUnsafeBufferPointer { r in
              DistanceKernel.squaredDistances(
                from: qs.baseAddress!, queryCount: q, to: points, dimension: d, rows: r, count: r.count,
                into: out.baseAddress!)
            }
          }
        }
        initialized = rows.count * q
      }
      // A pair below the member's reach cannot gain (dx ≥ D² by the bound), so measuring it
      // for the other candidates' sake changes nothing. Gains are added in member order.
      distances.withUnsafeBufferPointer { dist in
        rows.withUnsafeBufferPointer { r in
          result.gains.withUnsafeMutableBufferPointer { gains in
            for member in 0..<r.count {
              let dOld = closest[Int(r[member])]
              for slot in 0..<q {
                let dx = dist[member * q + slot]
                if dx < dOld { gains[slot] += Double(dOld) - Double(dx) }
              }
            }
          }
        }
      }
      result.rows = rows
      result.distances = distances
      return result
    }
  }

  /// Adds candidate `trial` of the last ``evaluate(candidates:into:)`` as the next
  /// centre, with the points it takes. Each call needs an evaluation of its own: without
  /// one no centre would be added and the seeding loop would never end, so that is a
  /// programming error that stops the process.
  ///
  /// - Complexity: O((size of the centres that lose points + points taken) · dimension +
  ///   blocks touched · blockSize); in the dense mode O(count + points taken + blocks touched ·
  ///   blockSize), and O(count · dimension) once when it groups the members.
  mutating func add(trial: Int) {
    guard let candidate = evaluation.flatMap({ $0.candidates.indices.contains(trial) ? $0.candidates[trial] : nil })
    else { preconditionFailure("add(trial: \(trial)) without an evaluate(candidates:) holding that trial") }
    let taken = taken(byTrial: trial)
    evaluation = nil
    let newCentre = Int32(centres.count)
    var losing = [Bool](repeating: false, count: centres.count)
    var blocks = [Bool](repeating: false, count: blockTotals.count)
    for (x, dx) in zip(taken.points, taken.distances) {
      let i = Int(x)
      losing[Int(owner[i])] = true
      closest[i] = dx
      owner[i] = newCentre
      blocks[i / blockSize] = true
    }
    centres.append(Int32(candidate))
    refresh(blocks: blocks.indices.filter { blocks[$0] })
    guard grouped else {
      denseRadii()
      if pruning && measuredRows * Self.groupingFraction < count { group() }
      return
    }
    let d = dimension
    for j in 0..<losing.count where losing[j] {
      let centre = Int32(j)
      // One pass keeps the members still owned, their coordinates (in order) and the
      // largest of their distances.
      var list = members[j]
      members[j] = []
      var kept = 0
      var largest: Float = 0
      owner.withUnsafeBufferPointer { owner in
        closest.withUnsafeBufferPointer { closest in
          list.withUnsafeMutableBufferPointer { list in
            memberPoints[j].withUnsafeMutableBufferPointer { own in
              let base = own.baseAddress!
              for position in 0..<list.count {
                let x = list[position]
                guard owner[Int(x)] == centre else { continue }
                if kept != position {
                  (base + kept * d).update(from: base + position * d, count: d)
                  list[kept] = x
                }
                largest = max(largest, closest[Int(x)])
                kept += 1
              }
            }
          }
        }
      }
      list.removeLast(list.count - kept)
      memberPoints[j].removeLast((memberPoints[j].count / d - kept) * d)
      // Early centres lose most of their members: give the memory back once half of
      // it is unused, so the copies stay near one copy of the points in all.
      if memberPoints[j].capacity > 2 * memberPoints[j].count + 1024 {
        let own = memberPoints[j]
        memberPoints[j] = [Float](unsafeUninitializedCapacity: own.count) { buffer, initialized in
          _ = buffer.initialize(from: own)
          initialized = own.count
        }
      }
      members[j] = list
      radius[j] = largest
    }
    var coordinates = [Float](repeating: 0, count: taken.points.count * d)
    coordinates.withUnsafeMutableBufferPointer { out in
      for (position, x) in taken.points.enumerated() {
        (out.baseAddress! + position * d).update(from: points + Int(x) * d, count: d)
      }
    }
    memberPoints.append(coordinates)
    members.append(taken.points)
    radius.append(taken.distances.max() ?? 0)
  }

  /// Leaves the dense mode: each centre's members, in index order, and their coordinates.
  ///
  /// - Complexity: O(count · dimension), one copy of the points.
  private mutating func group() {
    let d = dimension
    var lists = [[Int32]](repeating: [], count: centres.count)
    for i in 0..<count { lists[Int(owner[i])].append(Int32(i)) }
    memberPoints = lists.map { list in
      [Float](unsafeUninitializedCapacity: list.count * d) { buffer, initialized in
        for (position, x) in list.enumerated() {
          (buffer.baseAddress! + position * d).initialize(from: points + Int(x) * d, count: d)
        }
        initialized = list.count * d
      }
    }
    members = lists
    grouped = true
  }

  /// Σ closest over block `b`, in index order.
  private func blockSum(_ b: Int) -> Double {
    closest.withUnsafeBufferPointer { closest in
      var s = 0.0
      for i in (b * blockSize)..<min(count, (b + 1) * blockSize) { s += Double(closest[i]) }
      return s
    }
  }

  /// The totals of the blocks `touched` (each summed in index order, the blocks
  /// concurrently), then the potential, added in block order.
  ///
  /// - Complexity: O(touched · blockSize + blocks).
  private mutating func refresh(blocks touched: [Int]) {
    var sums = [Double](repeating: 0, count: touched.count)
    sums.withUnsafeMutableBufferPointer { out in
      nonisolated(unsafe) let out = out.baseAddress!
      let state = self
      Parallel.forEachChunk(count: touched.count, minimumChunk: 1) { range in
        for position in range { out[position] = state.blockSum(touched[position]) }
      }
    }
    for (position, b) in touched.enumerated() { blockTotals[b] = sums[position] }
    potential = blockTotals.reduce(0, +)
  }

  /// The dense mode's radii, from scratch: per centre the largest D(x)² of its points (the
  /// losing centres' can only shrink), each chunk's maxima merged (max is exact in any order).
  ///
  /// - Complexity: O(count · (1 + centres / chunk)).
  private mutating func denseRadii() {
    let k = centres.count
    let chunks = (count + Self.radiusChunk - 1) / Self.radiusChunk
    var partial = [Float](repeating: 0, count: chunks * k)
    partial.withUnsafeMutableBufferPointer { out in
      nonisolated(unsafe) let out = out.baseAddress!
      owner.withUnsafeBufferPointer { owner in
        closest.withUnsafeBufferPointer { closest in
          nonisolated(unsafe) let owner = owner.baseAddress!
          nonisolated(unsafe) let closest = closest.baseAddress!
          let n = count
          Parallel.forEachChunk(count: chunks, minimumChunk: 1) { range in
            for chunk in range {
              let r = out + chunk * k
              for i in (chunk * Self.radiusChunk)..<min(n, (chunk + 1) * Self.radiusChunk) {
                let j = Int(owner[i])
                r[j] = max(r[j], closest[i])
              }
            }
          }
        }
      }
    }
    radius = [Float](repeating: 0, count: k)
    for chunk in 0..<chunks {
      for j in 0..<k { radius[j] = max(radius[j], partial[chunk * k + j]) }
    }
  }

  /// Points per chunk of ``denseRadii()``.
  private static let radiusChunk = 16_384
}
