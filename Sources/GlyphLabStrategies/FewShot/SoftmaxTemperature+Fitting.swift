import Foundation
import GlyphLabCore

extension SoftmaxTemperature {
  /// The most support rows used to fit or scale the temperature: above it, an evenly strided
  /// subset is used, which bounds the work at `fitRowLimit × classes` distances.
  package static let fitRowLimit = 2048

  /// The support rows the temperature is read from: all of them, or an evenly strided
  /// subset of ``fitRowLimit``.
  package static func fitRows(supportCount n: Int) -> [Int] {
    guard n > fitRowLimit else { return Array(0..<n) }
    return (0..<fitRowLimit).map { $0 * n / fitRowLimit }
  }

  /// Resolves this rule to an inverse temperature β = 1/T.
  ///
  /// - Parameters:
  ///   - distances: `rows × classes` distances from some support rows to every class.
  ///   - rowClass: the class index of each of those rows.
  ///   - heldOut: for each row, its distance to its own class rebuilt without it, or nil when
  ///     the row cannot be held out (its class has nothing left).
  ///   - operation: the classifier's name, for error messages.
  /// - Complexity: O(rows·classes) per root-search step, about 100 steps.
  package func inverseTemperature(
    distances: Matrix, rowClass: [Int], heldOut: [Double?], operation: String
  ) throws -> Double {
    let c = distances.columns
    guard c > 1 else { return 0 }  // One class: every probability is 1 whatever T is.
    switch self {
    case .fixed(let t):
      guard t > 0, t.isFinite else {
        throw GlyphLabError.invalidArgument(
          operation: operation, name: "temperature", value: "\(t)", reason: "must be positive and finite")
      }
      return 1 / Double(t)
    case .relative(let factor):
      return try Self.relativeInverse(
        factor: factor, distances: distances, rowClass: rowClass, operation: operation)
    case .leaveOneOut(let factor):
      guard factor > 0, factor.isFinite else {
        throw GlyphLabError.invalidArgument(
          operation: operation, name: "fallbackFactor", value: "\(factor)",
          reason: "must be positive and finite")
      }
      var rows = [[Double]]()
      var own = [Int]()
      for i in 0..<distances.rows {
        guard let held = heldOut[i] else { continue }
        var row = distances.row(i).map(Double.init)
        row[rowClass[i]] = held
        rows.append(row)
        own.append(rowClass[i])
      }
      guard !rows.isEmpty else {
        return try Self.relativeInverse(
          factor: factor, distances: distances, rowClass: rowClass, operation: operation)
      }
      return Self.fitLeaveOneOut(rows: rows, own: own)
    }
  }

  /// β = 1 / (factor · s), s the median distance from a row to the nearest other class.
  /// When s is 0 (rows repeated across classes) the mean of the other-class distances is
  /// used instead; when that is 0 too, β = 0 (uniform probabilities).
  package static func relativeInverse(
    factor: Float, distances: Matrix, rowClass: [Int], operation: String
  ) throws -> Double {
    guard factor > 0, factor.isFinite else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "temperature factor", value: "\(factor)",
        reason: "must be positive and finite")
    }
    var nearest = [Double]()
    var total = 0.0
    var count = 0
    for i in 0..<distances.rows {
      var best = Double.infinity
      for (j, value) in distances.row(i).enumerated() where j != rowClass[i] {
        best = min(best, Double(value))
        total += Double(value)
        count += 1
      }
      nearest.append(best)
    }
    nearest.sort()
    var scale = nearest.isEmpty ? 0 : nearest[nearest.count / 2]
    if !(scale > 0) { scale = count > 0 ? total / Double(count) : 0 }
    guard scale > 0, scale.isFinite else { return 0 }
    return 1 / (Double(factor) * scale)
  }

  /// Minimises the smoothed held-out cross-entropy over β ≥ 0. The objective
  /// L(β) = Σᵢ [β·Σ_c qᵢc dᵢc + log Σ_c exp(−β dᵢc)] is convex (L″ is a variance), so its
  /// minimiser is the root of L′(β) = Σᵢ (Σ_c qᵢc dᵢc − Σ_c pᵢc(β) dᵢc), found by doubling
  /// then bisection. The targets q are one-hot smoothed by ε = 1/(m + 1).
  package static func fitLeaveOneOut(rows: [[Double]], own: [Int]) -> Double {
    let m = rows.count
    let c = rows[0].count
    let epsilon = 1 / Double(m + 1)
    // Shift each row by its minimum: softmax is unchanged and exp never overflows.
    var shifted = rows
    var targetTerm = 0.0
    var scale = 0.0
    for i in 0..<m {
      let low = shifted[i].min() ?? 0
      for j in 0..<c { shifted[i][j] -= low }
      let mean = shifted[i].reduce(0, +) / Double(c)
      targetTerm += (1 - epsilon) * shifted[i][own[i]] + epsilon * mean
      scale += mean
    }
    scale /= Double(m)
    guard scale > 0 else { return 0 }  // Every class at the same distance: no information.
    func derivative(_ beta: Double) -> Double {
      var expected = 0.0
      for row in shifted {
        var z = 0.0
        var weighted = 0.0
        for d in row {
          let e = Foundation.exp(-beta * d)
          z += e
          weighted += e * d
        }
        expected += weighted / z
      }
      return targetTerm - expected
    }
    guard derivative(0) < 0 else { return 0 }  // No better than chance: uniform.
    var low = 0.0
    var high = 1 / scale
    var steps = 0
    while derivative(high) < 0 {
      low = high
      high *= 2
      steps += 1
      if steps > 200 { return high }
    }
    for _ in 0..<100 {
      let mid = 0.5 * (low + high)
      if derivative(mid) < 0 { low = mid } else { high = mid }
      if high - low <= 1e-9 * high { break }
    }
    return 0.5 * (low + high)
  }
}
