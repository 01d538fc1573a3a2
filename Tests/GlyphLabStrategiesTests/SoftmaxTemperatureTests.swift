import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Softmax temperature")
struct SoftmaxTemperatureTests {
  /// The derivative of the smoothed held-out cross-entropy, written out independently.
  static func derivative(_ beta: Double, rows: [[Double]], own: [Int]) -> Double {
    let epsilon = 1 / Double(rows.count + 1)
    var total = 0.0
    for (row, y) in zip(rows, own) {
      let c = Double(row.count)
      let weights = row.map { exp(-beta * $0) }
      let z = weights.reduce(0, +)
      for (j, d) in row.enumerated() {
        let target = (j == y ? 1 - epsilon : 0) + epsilon / c
        total += (target - weights[j] / z) * d
      }
    }
    return total
  }

  @Test func leaveOneOutSolvesTheStationarityCondition() throws {
    var g = SeededGenerator(seed: 1)
    var rows = [[Double]]()
    var own = [Int]()
    for i in 0..<40 {
      let y = i % 4
      rows.append((0..<4).map { j in (j == y ? 1 : 3) + 2 * g.uniformDouble() })
      own.append(y)
    }
    let beta = SoftmaxTemperature.fitLeaveOneOut(rows: rows, own: own)
    #expect(beta > 0)
    #expect(abs(Self.derivative(beta, rows: rows, own: own)) < 1e-6 * Double(rows.count))
    // Convexity: the derivative changes sign around the root.
    #expect(Self.derivative(beta * 0.9, rows: rows, own: own) < 0)
    #expect(Self.derivative(beta * 1.1, rows: rows, own: own) > 0)
  }

  @Test func separableSupportGivesAFiniteTemperature() {
    let rows: [[Double]] = [[0, 10], [0, 10], [10, 0], [10, 0]]
    let beta = SoftmaxTemperature.fitLeaveOneOut(rows: rows, own: [0, 0, 1, 1])
    #expect(beta.isFinite && beta > 0)
    // The smoothing caps confidence near 1 − ε/2 with ε = 1/5.
    let p = 1 / (1 + exp(-10 * beta))
    #expect(abs(p - (1 - 0.2 / 2)) < 1e-6)
  }

  @Test func uninformativeHeldOutLabelsGiveUniformProbabilities() {
    // Each held-out row is nearer another class than its own.
    let rows: [[Double]] = [[5, 1], [1, 5]]
    #expect(SoftmaxTemperature.fitLeaveOneOut(rows: rows, own: [0, 1]) == 0)
  }

  @Test func oneShotFallsBackToTheRelativeScale() throws {
    // One row per class: nothing can be held out. Nearest-other distances: 4, 4, 9 → median 4.
    let distances = try Matrix([[0, 4, 9], [4, 0, 16], [9, 16, 0]])
    let beta = try SoftmaxTemperature.leaveOneOut(fallbackFactor: 0.5).inverseTemperature(
      distances: distances, rowClass: [0, 1, 2], heldOut: [nil, nil, nil], operation: "test")
    #expect(abs(beta - 1 / (0.5 * 4)) < 1e-12)
    let relative = try SoftmaxTemperature.relative(2).inverseTemperature(
      distances: distances, rowClass: [0, 1, 2], heldOut: [nil, nil, nil], operation: "test")
    #expect(abs(relative - 1 / 8.0) < 1e-12)
    let fixed = try SoftmaxTemperature.fixed(0.25).inverseTemperature(
      distances: distances, rowClass: [0, 1, 2], heldOut: [1, 2, 3], operation: "test")
    #expect(fixed == 4)
  }

  @Test func fitRowsAreCappedAndSpread() {
    #expect(SoftmaxTemperature.fitRows(supportCount: 5) == [0, 1, 2, 3, 4])
    let rows = SoftmaxTemperature.fitRows(supportCount: 10_000)
    #expect(rows.count == SoftmaxTemperature.fitRowLimit)
    #expect(rows.first == 0 && rows.last! < 10_000 && rows.last! > 9_990)
    #expect(Set(rows).count == rows.count)
  }
}
