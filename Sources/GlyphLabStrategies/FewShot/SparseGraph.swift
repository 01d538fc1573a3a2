import Foundation
import GlyphLabCore

/// A symmetric, normalised k-nearest-neighbour affinity S = D^{-1/2} W D^{-1/2} in
/// compressed sparse rows, and the two label-propagation solvers on it.
struct SparseGraph {
  /// The number of nodes N.
  let count: Int
  /// `count + 1` offsets into ``columns`` and ``values``.
  let rowStart: [Int]
  /// Neighbour indices, ascending within each row.
  let columns: [Int32]
  /// The entries of S.
  let values: [Double]

  /// The graph over the rows of `x`: each row's `k` nearest other rows (at most N − 1) with
  /// weights exp(−distance / s), symmetrised as W = A + Aᵀ and normalised by degree. Nodes
  /// of zero degree (every weight underflowed) keep empty rows.
  ///
  /// - Complexity: O(N²·d) for the neighbour search, O(N·k·log k) for the assembly;
  ///   O(N·k) memory.
  static func nearestNeighbors(
    of x: Matrix, k: Int, kernel: DistanceKernel, bandwidth: Float?, operation: String
  ) throws -> SparseGraph {
    let n = x.rows
    let kk = min(k, n - 1)
    guard kk >= 1 else {
      return SparseGraph(count: n, rowStart: [Int](repeating: 0, count: n + 1), columns: [], values: [])
    }
    let found = try kernel.refinedTopK(queries: x, references: x, k: kk + 1)
    // Each row's neighbours without itself (or without the farthest, when repeated rows
    // pushed it out of the list).
    var neighbour = [Int32](repeating: 0, count: n * kk)
    var distance = [Double](repeating: 0, count: n * kk)
    for i in 0..<n {
      let indices = Array(found.indices[i * (kk + 1)..<(i + 1) * (kk + 1)])
      let distances = Array(found.distances[i * (kk + 1)..<(i + 1) * (kk + 1)])
      let skip = indices.firstIndex(of: Int32(i)) ?? kk
      var slot = 0
      for position in 0...kk where position != skip {
        neighbour[i * kk + slot] = indices[position]
        distance[i * kk + slot] = distances[position]
        slot += 1
      }
    }
    var scale = bandwidth.map(Double.init) ?? (distance.reduce(0, +) / Double(distance.count))
    if !(scale > 0) { scale = 1 }  // Every neighbour at distance 0: equal weights.

    // W = A + Aᵀ as per-row (column, weight) lists, then sorted and merged.
    var entries = [[(Int32, Double)]](repeating: [], count: n)
    for i in 0..<n {
      for slot in 0..<kk {
        let j = Int(neighbour[i * kk + slot])
        let w = Foundation.exp(-distance[i * kk + slot] / scale)
        entries[i].append((Int32(j), w))
        entries[j].append((Int32(i), w))
      }
    }
    var rowStart = [0]
    var columns = [Int32]()
    var weights = [Double]()
    var degree = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let sorted = entries[i].sorted { $0.0 < $1.0 }
      for (j, w) in sorted {
        if let last = columns.last, columns.count > rowStart[i], last == j {
          weights[weights.count - 1] += w
        } else {
          columns.append(j)
          weights.append(w)
        }
        degree[i] += w
      }
      rowStart.append(columns.count)
    }
    let root = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
    for i in 0..<n {
      for e in rowStart[i]..<rowStart[i + 1] { weights[e] *= root[i] * root[Int(columns[e])] }
    }
    return SparseGraph(count: n, rowStart: rowStart, columns: columns, values: weights)
  }

  /// out = S·f for a row-major `count × width` block f.
  ///
  /// - Complexity: O(nnz·width), parallel over rows (each row written by one thread).
  func multiply(_ f: [Double], width: Int, into out: inout [Double]) {
    f.withUnsafeBufferPointer { fp in
      out.withUnsafeMutableBufferPointer { op in
        nonisolated(unsafe) let fBase = fp.baseAddress!
        nonisolated(unsafe) let oBase = op.baseAddress!
        Parallel.forEachChunk(count: count, minimumChunk: 512) { range in
          for i in range {
            let row = oBase + i * width
            for k in 0..<width { row[k] = 0 }
            for e in rowStart[i]..<rowStart[i + 1] {
              let s = values[e]
              let other = fBase + Int(columns[e]) * width
              for k in 0..<width { row[k] += s * other[k] }
            }
          }
        }
      }
    }
  }

  /// Solves (I − αS)F = B column by column with conjugate gradients, from F = 0, until every
  /// column's residual norm is at most `tolerance`·‖B column‖ or `maxIterations` steps.
  ///
  /// - Complexity: O(nnz·c) per iteration.
  func solveConjugateGradient(
    alpha: Double, rightHandSide b: Matrix, tolerance: Double, maxIterations: Int
  ) -> Matrix {
    let c = b.columns
    let total = count * c
    var x = [Double](repeating: 0, count: total)
    var r = b.elements.map(Double.init)
    var p = r
    var sp = [Double](repeating: 0, count: total)
    var rr = columnDots(r, r, width: c)
    let goal = rr.map { $0.squareRoot() * tolerance }
    var active = (0..<c).map { rr[$0].squareRoot() > goal[$0] }
    var iteration = 0
    while active.contains(true) && iteration < maxIterations {
      multiply(p, width: c, into: &sp)
      // ap = p − α·S·p, stored in sp.
      for e in 0..<total { sp[e] = p[e] - alpha * sp[e] }
      let pap = columnDots(p, sp, width: c)
      let step = (0..<c).map { active[$0] && pap[$0] > 0 ? rr[$0] / pap[$0] : 0 }
      for i in 0..<count {
        for k in 0..<c where step[k] != 0 {
          x[i * c + k] += step[k] * p[i * c + k]
          r[i * c + k] -= step[k] * sp[i * c + k]
        }
      }
      let next = columnDots(r, r, width: c)
      for k in 0..<c where active[k] {
        if step[k] == 0 || next[k].squareRoot() <= goal[k] { active[k] = false }
      }
      let beta = (0..<c).map { active[$0] && rr[$0] > 0 ? next[$0] / rr[$0] : 0 }
      for i in 0..<count {
        for k in 0..<c where active[k] { p[i * c + k] = r[i * c + k] + beta[k] * p[i * c + k] }
      }
      rr = next
      iteration += 1
    }
    return Matrix(rows: count, columns: c) { i, k in Float(x[i * c + k]) }
  }

  /// Iterates F ← αSF + B from F = B until no entry moves by more than `tolerance` or
  /// `maxIterations` steps (Zhou et al.'s iteration, with B = (1 − α)Y).
  ///
  /// - Complexity: O(nnz·c) per iteration.
  func solveFixedPoint(
    alpha: Double, rightHandSide b: Matrix, tolerance: Double, maxIterations: Int
  ) -> Matrix {
    let c = b.columns
    let rhs = b.elements.map(Double.init)
    var f = rhs
    var sf = [Double](repeating: 0, count: f.count)
    for _ in 0..<maxIterations {
      multiply(f, width: c, into: &sf)
      var change = 0.0
      for e in f.indices {
        let next = alpha * sf[e] + rhs[e]
        change = max(change, abs(next - f[e]))
        f[e] = next
      }
      if change <= tolerance { break }
    }
    return Matrix(rows: count, columns: c) { i, k in Float(f[i * c + k]) }
  }

  /// The dot products of corresponding columns of two row-major `count × width` blocks.
  private func columnDots(_ a: [Double], _ b: [Double], width: Int) -> [Double] {
    var out = [Double](repeating: 0, count: width)
    for i in 0..<count {
      for k in 0..<width { out[k] += a[i * width + k] * b[i * width + k] }
    }
    return out
  }
}
