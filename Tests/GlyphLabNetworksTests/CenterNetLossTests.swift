import Foundation
import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

@Suite struct CenterNetLossTests {
  /// A 2 × 5 × 6 × 7 output with random logits and regressions, a Gaussian-like target with
  /// three centres, and random regression targets.
  static func problem(seed: UInt64) -> (input: Tensor, heatmap: Tensor, mask: Tensor, regression: Tensor) {
    var g = SeededGenerator(seed: seed)
    let input = GradientCheck.random([2, 5, 6, 7], &g, spread: 3)
    var heatmap = Tensor(shape: [2, 1, 6, 7])
    var mask = Tensor(shape: [2, 1, 6, 7])
    for (b, y, x) in [(0, 1, 2), (0, 4, 5), (1, 3, 3)] {
      for yy in 0..<6 {
        for xx in 0..<7 {
          let d = Double((yy - y) * (yy - y) + (xx - x) * (xx - x))
          let at = (b * 6 + yy) * 7 + xx
          heatmap.values[at] = max(heatmap.values[at], Float(exp(-d / 2)))
        }
      }
      mask.values[(b * 6 + y) * 7 + x] = 1
    }
    let regression = GradientCheck.random([2, 4, 6, 7], &g, spread: 2)
    return (input, heatmap, mask, regression)
  }

  @Test func gradientMatchesFiniteDifferences() throws {
    let (input, heatmap, mask, regression) = Self.problem(seed: 7)
    let loss = try CenterNetLoss(regressionWeight: 0.5)
    _ = try loss.forward(input, heatmap: heatmap, mask: mask, regression: regression)
    let analytic = try loss.backward(upstream: 1)
    var x = input
    let epsilon: Float = 1e-2
    var worst = 0.0
    let scale = Double(analytic.values.map { abs($0) }.max() ?? 0)
    // Every coordinate: the heatmap channel everywhere, the regression ones at centres (and
    // zero elsewhere).
    for i in x.values.indices {
      let saved = x.values[i]
      x.values[i] = saved + epsilon
      let plus = Double(try loss.forward(x, heatmap: heatmap, mask: mask, regression: regression))
      x.values[i] = saved - epsilon
      let minus = Double(try loss.forward(x, heatmap: heatmap, mask: mask, regression: regression))
      x.values[i] = saved
      let numeric = (plus - minus) / Double(2 * epsilon)
      worst = max(worst, abs(numeric - Double(analytic.values[i])) / max(1e-4, scale))
    }
    #expect(worst <= 2e-2, "worst error \(worst) of the largest gradient \(scale)")
    #expect(scale > 0)
  }

  @Test func valueMatchesTheFormulaOnOnePixel() throws {
    // One centre pixel and one background pixel, computed by hand in Double.
    let input = try Tensor(shape: [1, 2, 1, 2], values: [0.5, -1, 0.3, 0.2])
    let heatmap = try Tensor(shape: [1, 1, 1, 2], values: [1, 0.5])
    let mask = try Tensor(shape: [1, 1, 1, 2], values: [1, 0])
    let regression = try Tensor(shape: [1, 1, 1, 2], values: [1.0, 9])
    let loss = try CenterNetLoss(alpha: 2, beta: 4, regressionWeight: 0.1)
    let value = try loss.forward(input, heatmap: heatmap, mask: mask, regression: regression)
    let p0 = 1 / (1 + exp(-0.5))
    let p1 = 1 / (1 + exp(1.0))
    let expected = -pow(1 - p0, 2) * log(p0) - pow(0.5, 4) * pow(p1, 2) * log(1 - p1) + 0.1 * abs(0.3 - 1.0)
    #expect(abs(Double(value) - expected) < 1e-5, "\(value) vs \(expected)")
  }

  @Test func extremeLogitsStayFinite() throws {
    let input = try Tensor(shape: [1, 1, 1, 3], values: [-80, 80, 0])
    let heatmap = try Tensor(shape: [1, 1, 1, 3], values: [1, 0, 0.2])
    let mask = try Tensor(shape: [1, 1, 1, 3], values: [1, 0, 0])
    let loss = try CenterNetLoss()
    let value = try loss.forward(input, heatmap: heatmap, mask: mask, regression: Tensor(shape: [1, 0, 1, 3]))
    #expect(value.isFinite && value > 50)
    #expect(try loss.backward().values.allSatisfy(\.isFinite))
  }

  @Test func mismatchedTargetsAreRefused() throws {
    let loss = try CenterNetLoss()
    #expect(throws: NetworkError.self) {
      try loss.forward(
        Tensor(shape: [1, 5, 4, 4]), heatmap: Tensor(shape: [1, 1, 4, 4]), mask: Tensor(shape: [1, 1, 4, 3]),
        regression: Tensor(shape: [1, 4, 4, 4]))
    }
    #expect(throws: NetworkError.self) { try loss.backward() }
    #expect(throws: NetworkError.self) { try CenterNetLoss(alpha: 0.5) }
  }
}
