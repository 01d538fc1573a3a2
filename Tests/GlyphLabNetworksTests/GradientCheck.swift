import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

/// Central finite differences against the analytic backward pass, with the objective
/// `Σ r ⊙ forward(x)` for a fixed random `r` accumulated in Float64.
enum GradientCheck {
  static func random(_ shape: [Int], _ g: inout SeededGenerator, spread: Float = 1, awayFromZero: Float = 0) -> Tensor {
    var t = Tensor(shape: shape)
    for i in t.values.indices {
      var v: Float
      repeat {
        v = (Float(g.next() >> 40) / Float(1 << 24) * 2 - 1) * spread
      } while abs(v) < awayFromZero
      t.values[i] = v
    }
    return t
  }

  static func objective(_ output: Tensor, _ r: Tensor) -> Double {
    zip(output.values, r.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  /// Checks input and parameter gradients of `layer` at `input` on up to `samples`
  /// coordinates of each tensor. `prepare` runs before every forward pass (e.g. to reset a
  /// dropout mask).
  static func check(
    _ layer: any Layer, input: Tensor, seed: UInt64, samples: Int = 24, epsilon: Float = 1e-2,
    tolerance: Double = 2e-2, prepare: () -> Void = {}, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var g = SeededGenerator(seed: seed)
    prepare()
    let output = try layer.forward(input, mode: .training)
    let r = random(output.shape, &g)
    layer.zeroGradients()
    let dx = try layer.backward(r)
    var x = input
    func f() throws -> Double {
      prepare()
      return objective(try layer.forward(x, mode: .training), r)
    }
    var worst = 0.0
    let scaleX = Double(dx.values.map { abs($0) }.max() ?? 0)
    for _ in 0..<samples {
      let i = Int(g.next() % UInt64(x.count))
      let saved = x.values[i]
      x.values[i] = saved + epsilon
      let plus = try f()
      x.values[i] = saved - epsilon
      let minus = try f()
      x.values[i] = saved
      let numeric = (plus - minus) / Double(2 * epsilon)
      worst = max(worst, abs(numeric - Double(dx.values[i])) / max(1e-3, scaleX))
    }
    #expect(worst <= tolerance, "input gradient: worst error \(worst) of the largest", sourceLocation: sourceLocation)
    x = input
    for p in layer.parameters {
      let analytic = p.gradient
      let scale = Double(analytic.values.map { abs($0) }.max() ?? 0)
      var worstP = 0.0
      for _ in 0..<min(samples, p.value.count) {
        let i = Int(g.next() % UInt64(p.value.count))
        let saved = p.value.values[i]
        p.value.values[i] = saved + epsilon
        let plus = try f()
        p.value.values[i] = saved - epsilon
        let minus = try f()
        p.value.values[i] = saved
        let numeric = (plus - minus) / Double(2 * epsilon)
        worstP = max(worstP, abs(numeric - Double(analytic.values[i])) / max(1e-3, scale))
      }
      #expect(worstP <= tolerance, "\(p.name) gradient: worst error \(worstP)", sourceLocation: sourceLocation)
    }
  }

  /// Checks a loss's input and parameter gradients.
  static func checkLoss(
    _ loss: any Loss, input: Tensor, labels: [Int], seed: UInt64, samples: Int = 24, epsilon: Float = 1e-2,
    tolerance: Double = 2e-2, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var g = SeededGenerator(seed: seed)
    _ = try loss.forward(input, labels: labels)
    for p in loss.parameters { p.zeroGradient() }
    let dx = try loss.backward(upstream: 1)
    var x = input
    func f() throws -> Double { Double(try loss.forward(x, labels: labels).loss) }
    let scaleX = Double(dx.values.map { abs($0) }.max() ?? 0)
    var worst = 0.0
    for _ in 0..<samples {
      let i = Int(g.next() % UInt64(x.count))
      let saved = x.values[i]
      x.values[i] = saved + epsilon
      let plus = try f()
      x.values[i] = saved - epsilon
      let minus = try f()
      x.values[i] = saved
      worst = max(worst, abs((plus - minus) / Double(2 * epsilon) - Double(dx.values[i])) / max(1e-4, scaleX))
    }
    #expect(worst <= tolerance, "loss input gradient: worst error \(worst)", sourceLocation: sourceLocation)
    for p in loss.parameters {
      let analytic = p.gradient
      let scale = Double(analytic.values.map { abs($0) }.max() ?? 0)
      var worstP = 0.0
      for _ in 0..<min(samples, p.value.count) {
        let i = Int(g.next() % UInt64(p.value.count))
        let saved = p.value.values[i]
        p.value.values[i] = saved + epsilon
        let plus = try f()
        p.value.values[i] = saved - epsilon
        let minus = try f()
        p.value.values[i] = saved
        worstP = max(worstP, abs((plus - minus) / Double(2 * epsilon) - Double(analytic.values[i])) / max(1e-4, scale))
      }
      #expect(worstP <= tolerance, "\(p.name) gradient: worst error \(worstP)", sourceLocation: sourceLocation)
    }
  }

  /// Checks a whole network along one direction: perturbs every parameter by ±ε·v with
  /// v = ∇/‖∇‖ and compares the slope with ‖∇‖ (robust to ReLU kinks and Float32 noise,
  /// which single coordinates of a deep network are not).
  static func checkDirectional(
    _ layer: any Layer, input: Tensor, seed: UInt64, epsilon: Float = 1e-2, tolerance: Double = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var g = SeededGenerator(seed: seed)
    let output = try layer.forward(input, mode: .training)
    let r = random(output.shape, &g)
    layer.zeroGradients()
    let dx = try layer.backward(r)
    var directions: [[Float]] = layer.parameters.map { $0.gradient.values }
    directions.append(dx.values)
    let norm = directions.joined().reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    let originals = layer.parameters.map { $0.value }
    func f(_ sign: Float) throws -> Double {
      for (p, (v, d)) in zip(layer.parameters, zip(originals, directions)) {
        var moved = v
        for i in moved.values.indices { moved.values[i] += sign * epsilon * Float(Double(d[i]) / norm) }
        p.value = moved
      }
      var x = input
      for i in x.values.indices { x.values[i] += sign * epsilon * Float(Double(dx.values[i]) / norm) }
      return objective(try layer.forward(x, mode: .training), r)
    }
    let slope = (try f(1) - f(-1)) / Double(2 * epsilon)
    for (p, v) in zip(layer.parameters, originals) { p.value = v }
    #expect(
      abs(slope - norm) <= tolerance * norm, "directional slope \(slope) vs gradient norm \(norm)",
      sourceLocation: sourceLocation)
  }
}
