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
struct KMeansSeedingState {
  /// What the chosen candidate changes: the points it takes and their new distances.
  struct Taken {
    /// The points it takes (strictly closer to it than to their centre), in piece order.
    var points: [Int32] = []
    /// Their squared distances to the candidate.
    var distances: [Float] = []
  }

  /// The last ``evaluate(candidates:pruning:into:)``: its candidates, pieces and what each
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

  /// Starts from one centre, point `first`, with every point its member.
  ///
  /// - Complexity: O(count · dimension), and a copy of the points (``memberPoints``).
  init(points: UnsafePointer<Float>, count: Int, dimension: Int, first: Int, blockSize: Int) {
    self.points = points
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
    members = [(0..<Int32(count)).map { $0 }]
    memberPoints = [Array(UnsafeBufferPointer(start: points, count: count * dimension))]
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
  /// points are ever listed. With `pruning` off every member of every centre is measured
  /// (the same result, for tests).
  ///
  /// Two exact tests skip work. A centre c_j farther than twice its radius from the candidate
  /// c loses none of its members; and a member x with ‖c − c_j‖ ≥ 2·D(x) cannot move, so its
  /// distance is never needed. The members left are cut into pieces of ``pieceSize`` (a
  /// fixed size, never from the thread count); each piece is read once and measured against
  /// every candidate that reaches its centre, the pieces concurrently. Their gains are added
  /// in piece order, so the result does not depend on the thread count.
  ///
  /// - Complexity: O(candidates · centres · dimension) for the tests, plus O(dimension) per
  ///   (candidate, member) pair measured.
  mutating func evaluate(candidates: [Int], pruning: Bool, into gains: inout [Double]) {
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
    var pieces: [Piece] = []
    for j in 0..<k {
      let r = radius[j]
      guard r > 0 else { continue }
      // In squares, with a margin far above rounding: 4·D² ≤ ‖c − c_j‖² means no move.
      var reaching: [Int] = []
      var lowest = Float.infinity
      for i in 0..<t {
        let bound = pruning ? centreDistances[i * k + j] / (4 * 1.001) : -1
        if bound < r {
          reaching.append(i)
          lowest = min(lowest, bound)
        }
      }
      guard !reaching.isEmpty else { continue }
      let count = members[j].count
      for start in stride(from: 0, to: count, by: Self.pieceSize) {
        pieces.append(
          Piece(centre: j, members: start..<min(count, start + Self.pieceSize), reaching: reaching, reach: lowest))
      }
    }
    var results = [PieceResult](repeating: PieceResult(), count: pieces.count)
    let context = PieceContext(
      points: points, dimension: d, candidates: candidates, members: members, memberPoints: memberPoints)
    closest.withUnsafeBufferPointer { cl in
      results.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let closest = cl.baseAddress!
        nonisolated(unsafe) let out = out.baseAddress!
        Parallel.forEachChunk(count: pieces.count, minimumChunk: 1) { range in
          for p in range { out[p] = context.measure(pieces[p], closest: closest) }
        }
      }
    }
    for (piece, result) in zip(pieces, results) {
      for (slot, i) in piece.reaching.enumerated() { gains[i] += result.gains[slot] }
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

  /// Members per piece of work in ``evaluate(candidates:pruning:into:)``.
  static let pieceSize = 2048

  /// A run of one centre's members, and the candidates that reach the centre.
  private struct Piece {
    var centre: Int
    var members: Range<Int>
    /// The candidates (trial indices) that reach the centre.
    var reaching: [Int]
    /// The smallest of their reaches: members with D(x)² at most this move to none.
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

    /// Measures the piece's members with D(x)² above its reach against its candidates.
    func measure(_ piece: Piece, closest: UnsafePointer<Float>) -> PieceResult {
      let q = piece.reaching.count
      var result = PieceResult(gains: [Double](repeating: 0, count: q))
      let list = members[piece.centre]
      // Positions in the centre's own coordinates (``memberPoints``), and the points they are.
      var rows: [Int32] = []
      var local: [Int32] = []
      rows.reserveCapacity(piece.members.count)
      local.reserveCapacity(piece.members.count)
      for index in piece.members where closest[Int(list[index])] > piece.reach {
        rows.append(list[index])
        local.append(Int32(index))
      }
      guard !rows.isEmpty else { return result }
      let d = dimension
      var queries = [Float](repeating: 0, count: q * d)
      queries.withUnsafeMutableBufferPointer { out in
        for (slot, i) in piece.reaching.enumerated() {
          (out.baseAddress! + slot * d).update(from: points + candidates[i] * d, count: d)
        }
      }
      var distances = [Float](repeating: 0, count: rows.count * q)
      queries.withUnsafeBufferPointer { qs in
        local.withUnsafeBufferPointer { r in
          memberPoints[piece.centre].withUnsafeBufferPointer { own in
            distances.withUnsafeMutableBufferPointer { out in
              DistanceKernel.squaredDistances(
                from: qs.baseAddress!, queryCount: q, to: own.baseAddress!, dimension: d, rows: r, count: r.count,
                into: out.baseAddress!)
            }
          }
        }
      }
      // A pair below the member's reach cannot gain (dx ≥ D² by the bound), so measuring it
      // for the other candidates' sake changes nothing. Gains are added in member order.
      distances.withUnsafeBufferPointer { dist in
        rows.withUnsafeBufferPointer { r in
          for member in 0..<r.count {
            let dOld = closest[Int(r[member])]
            for slot in 0..<q {
              let dx = dist[member * q + slot]
              if dx < dOld { result.gains[slot] += Double(dOld) - Double(dx) }
            }
          }
        }
      }
      result.rows = rows
      result.distances = distances
      return result
    }
  }

  /// Adds candidate `trial` of the last ``evaluate(candidates:pruning:into:)`` as the next
  /// centre, with the points it takes. Each call needs an evaluation of its own: without
  /// one no centre would be added and the seeding loop would never end, so that is a
  /// programming error that stops the process.
  ///
  /// - Complexity: O((size of the centres that lose points + points taken) · dimension +
  ///   blocks touched · blockSize).
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
    centres.append(Int32(candidate))
    for b in 0..<blocks.count where blocks[b] { blockTotals[b] = blockSum(b) }
    potential = blockTotals.reduce(0, +)
  }

  /// Σ closest over block `b`, in index order.
  private func blockSum(_ b: Int) -> Double {
    var s = 0.0
    for i in (b * blockSize)..<min(count, (b + 1) * blockSize) { s += Double(closest[i]) }
    return s
  }
}
