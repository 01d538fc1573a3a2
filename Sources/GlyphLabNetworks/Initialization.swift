import Foundation
import GlyphLabCore

/// Seeded weight initialisation (Kaiming/He and PyTorch's default uniform).
enum Initialization {
  /// Normal samples with standard deviation `sqrt(2 / fanIn)` (He et al., for ReLU).
  static func kaimingNormal(shape: [Int], fanIn: Int, generator: SeededGenerator) -> Tensor {
    var g = generator
    let std = (2 / Double(max(1, fanIn))).squareRoot()
    let count = shape.reduce(1, *)
    var values = [Float]()
    values.reserveCapacity(count)
    while values.count < count {
      // Box–Muller on two uniforms in (0, 1].
      let u1 = (Double(g.next() >> 11) + 1) / 9_007_199_254_740_992
      let u2 = Double(g.next() >> 11) / 9_007_199_254_740_992
      let r = (-2 * log(u1)).squareRoot()
      values.append(Float(std * r * cos(2 * Double.pi * u2)))
      if values.count < count { values.append(Float(std * r * sin(2 * Double.pi * u2))) }
    }
    return Tensor(uncheckedShape: shape, values: values)
  }

  /// Uniform samples in `[-bound, bound]` (PyTorch's default for linear layers and biases,
  /// with `bound = 1 / sqrt(fanIn)`).
  static func uniform(shape: [Int], bound: Double, generator: SeededGenerator) -> Tensor {
    var g = generator
    let count = shape.reduce(1, *)
    var values = [Float]()
    values.reserveCapacity(count)
    for _ in 0..<count {
      let u = Double(g.next() >> 11) / 9_007_199_254_740_992
      values.append(Float((2 * u - 1) * bound))
    }
    return Tensor(uncheckedShape: shape, values: values)
  }
}
