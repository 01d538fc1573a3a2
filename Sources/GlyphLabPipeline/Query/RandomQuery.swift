import GlyphLabCore

/// Uniformly random glyphs from the pool: the baseline every strategy must beat.
public struct RandomQuery: QueryStrategy {
  public var name: String { "random" }
  public init() {}

  /// - Complexity: O(count) expected.
  public func select(count: Int, context: QueryContext, generator: inout SeededGenerator) throws -> [Int] {
    let n = try batchSize(count, context)
    return generator.sample(n, from: context.pool.count).map { context.pool[$0] }
  }
}
