import GlyphLabCore

/// Chooses a batch of glyphs for people to label. Strategies are seeded: the generator
/// passed in breaks ties and draws whatever else is random, so a run is reproducible.
public protocol QueryStrategy: Sendable {
  /// A short stable name for logs and reports.
  var name: String { get }
  /// Whether it needs the model's probabilities. Before the first model exists, the pipeline
  /// starts such a strategy with a random batch (a cold start).
  var needsModel: Bool { get }
  /// Up to `count` distinct glyph indices from `context.pool`, most useful first. Throws
  /// ``GlyphLabError`` when the context lacks what the strategy needs (e.g. probabilities).
  func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int]
}

extension QueryStrategy {
  public var needsModel: Bool { false }

  /// Validates `count` and returns it clamped to the pool size.
  func batchSize(_ count: Int, _ context: QueryContext) throws -> Int {
    guard count > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "count", value: "\(count)", reason: "must be at least 1")
    }
    return min(count, context.pool.count)
  }
}

/// Picks the `count` highest-scoring positions, breaking ties with seeded random keys.
///
/// - Complexity: O(n log n).
func topScoring(_ scores: [Double], count: Int, generator: inout SeededGenerator) -> [Int] {
  let keys = scores.map { _ in generator.next() }
  let order = scores.indices.sorted { a, b in
    scores[a] != scores[b] ? scores[a] > scores[b] : keys[a] < keys[b]
  }
  return Array(order.prefix(count))
}
