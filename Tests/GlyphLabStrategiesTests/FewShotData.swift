import Foundation
import GlyphLabCore
import GlyphLabStrategies

/// Small synthetic few-shot data sets for the strategy tests.
enum FewShotData {
  /// Gaussian blobs: class c is centred at `separation`·e_c (one axis per class, so every
  /// two centres are `separation`·√2 apart), with unit-variance noise. Rows are ordered class
  /// by class; labels are `firstLabel + c`.
  static func blobs(
    classes: Int, perClass: Int, dimensions: Int, separation: Double = 20, firstLabel: Int32 = 0,
    seed: UInt64
  ) -> (x: Matrix, labels: [Int32]) {
    precondition(dimensions >= classes)
    var g = SeededGenerator(seed: seed)
    var labels = [Int32]()
    var values = [Float]()
    for c in 0..<classes {
      for _ in 0..<perClass {
        for j in 0..<dimensions { values.append(Float((j == c ? separation : 0) + g.normal())) }
        labels.append(firstLabel + Int32(c))
      }
    }
    return (
      (try? Matrix(rows: classes * perClass, columns: dimensions, elements: values)) ?? Matrix(rows: 0, columns: 0),
      labels
    )
  }

  /// Two interleaved half circles ("two moons") with Gaussian noise of `noise`, `perMoon`
  /// points each; labels 0 and 1.
  static func moons(perMoon: Int, noise: Double, seed: UInt64) -> (x: Matrix, labels: [Int32]) {
    var g = SeededGenerator(seed: seed)
    var rows = [[Float]]()
    var labels = [Int32]()
    for moon in 0..<2 {
      for i in 0..<perMoon {
        let t = Double.pi * Double(i) / Double(perMoon - 1)
        let (x, y) = moon == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
        rows.append([Float(x + noise * g.normal()), Float(y + noise * g.normal())])
        labels.append(Int32(moon))
      }
    }
    return ((try? Matrix(rows)) ?? Matrix(rows: 0, columns: 0), labels)
  }

  /// Every probability row sums to 1 and lies in [0, 1].
  static func probabilitiesAreDistributions(_ p: Predictions, tolerance: Float = 1e-5) -> Bool {
    (0..<p.probabilities.rows).allSatisfy { i in
      let row = p.probabilities.row(i)
      return abs(row.reduce(0, +) - 1) <= tolerance && row.allSatisfy { $0 >= 0 && $0 <= 1 }
    }
  }

  /// The fraction of `predicted` equal to `truth`.
  static func accuracy(_ predicted: [Int32], _ truth: [Int32]) -> Double {
    Double(zip(predicted, truth).count { $0 == $1 }) / Double(max(1, truth.count))
  }
}
