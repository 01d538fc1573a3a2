import GlyphLabConfig

/// A deterministic share of an experiment's runs, for spreading a sweep over a cluster:
/// shard `index` of `count` takes the runs whose expansion position p has
/// p mod count = index, so shards are balanced across the grid and together cover every
/// run exactly once.
public struct RunShard: Sendable, Equatable, CustomStringConvertible {
  /// The shard, 0 ≤ index < count.
  public let index: Int
  /// The number of shards, ≥ 1.
  public let count: Int

  /// Shard `index` of `count`; throws unless 0 ≤ index < count.
  public init(index: Int, count: Int) throws {
    guard count >= 1, (0..<count).contains(index) else {
      throw ConfigError(
        file: ConfigNode.commandLine, line: 0, key: "--shard",
        message: "\(index)/\(count) is not a shard: need 0 <= i < n (shards are numbered from 0)")
    }
    self.index = index
    self.count = count
  }

  /// Parses "i/n" (e.g. `--shard 3/8`, or `$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`).
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw ConfigError(
        file: ConfigNode.commandLine, line: 0, key: "--shard", message: "expected i/n, e.g. 0/4, got '\(text)'")
    }
    try self.init(index: index, count: count)
  }

  /// "i/n".
  public var description: String { "\(index)/\(count)" }

  /// The runs of this shard of `runs` (a whole experiment's plan), in expansion order,
  /// made when read.
  public func select(_ runs: RunPlan) -> RunPlan { runs.shard(self) }
}
