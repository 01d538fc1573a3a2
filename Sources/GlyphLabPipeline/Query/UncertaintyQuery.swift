import Foundation
import GlyphLabCore

/// Uncertainty sampling: the glyphs the current model is least sure of.
public struct UncertaintyQuery: QueryStrategy {
  /// How uncertainty is measured from a probability row p.
  public enum Measure: String, Sendable, CaseIterable {
    /// 1 − max p.
    case leastConfidence = "least-confidence"
    /// −(p₁ − p₂), the gap between the two most likely classes (small gap first).
    case margin
    /// −Σ p log p.
    case entropy
  }

  /// The measure (default margin).
  public var measure: Measure

  public init(measure: Measure = .margin) { self.measure = measure }

  public var name: String { measure.rawValue }
  public var needsModel: Bool { true }

  /// The uncertainty of each probability row (larger = less sure).
  public func scores(_ probabilities: Matrix) -> [Double] {
    (0..<probabilities.rows).map { i in
      let p = probabilities.row(i)
      switch measure {
      case .leastConfidence:
        return 1 - Double(p.max() ?? 0)
      case .margin:
        var first: Float = 0
        var second: Float = 0
        for v in p {
          if v > first {
            second = first
            first = v
          } else if v > second {
            second = v
          }
        }
        return -Double(first - second)
      case .entropy:
        return -p.reduce(0.0) { $0 + ($1 > 0 ? Double($1) * log(Double($1)) : 0) }
      }
    }
  }

  /// - Complexity: O(pool × classes + pool log pool).
  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    guard let probabilities = context.probabilities, probabilities.rows == context.pool.count else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "probabilities",
        value: context.probabilities == nil ? "none" : "\(context.probabilities!.rows) rows",
        reason: "uncertainty sampling needs the model's probabilities for every pool glyph (\(context.pool.count))")
    }
    return topScoring(scores(probabilities), count: n, generator: &generator).map { context.pool[$0] }
  }
}
