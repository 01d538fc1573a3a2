/// The effect of a change measured on runs paired by seed: the mean of (other − base) over
/// the seeds both sides completed, with its 95% interval.
public struct PairedDifference: Sendable, Equatable {
  /// The seeds present on both sides, ascending.
  public var pairedSeeds: [Int]
  /// Seeds only the base side has.
  public var onlyInBase: [Int]
  /// Seeds only the other side has.
  public var onlyInOther: [Int]
  /// Pairs where either value is NaN or infinite (for example a target not reached).
  public var nonFinitePairs: Int
  /// The mean difference and interval; nil when there are no pairs or any pair is not finite.
  public var estimate: Estimate?

  /// Pairs `other` against `base` by seed.
  ///
  /// - Parameters:
  ///   - base: one value per seed for the reference side.
  ///   - other: one value per seed for the changed side.
  /// - Complexity: O(n log n) in the number of seeds.
  public init(base: [Int: Double], other: [Int: Double]) {
    pairedSeeds = base.keys.filter { other[$0] != nil }.sorted()
    onlyInBase = base.keys.filter { other[$0] == nil }.sorted()
    onlyInOther = other.keys.filter { base[$0] == nil }.sorted()
    var differences: [Double] = []
    var nonFinite = 0
    for seed in pairedSeeds {
      guard let a = base[seed], let b = other[seed], a.isFinite, b.isFinite else {
        nonFinite += 1
        continue
      }
      differences.append(b - a)
    }
    nonFinitePairs = nonFinite
    estimate = nonFinite == 0 ? Estimate(values: differences) : nil
  }
}
