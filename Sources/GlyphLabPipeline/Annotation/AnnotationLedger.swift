/// The account of everything people did: actions by kind, the modelled cost, and which
/// glyphs they touched (and the labels they gave).
public struct AnnotationLedger: Sendable, Equatable {
  /// How many times each action was taken.
  public private(set) var counts: [AnnotationAction: Int] = [:]
  /// Seconds spent on each kind of action.
  public private(set) var seconds: [AnnotationAction: Double] = [:]
  /// The label a person gave each glyph they settled (typed, confirmed, corrected or accepted
  /// in a grid); absent for glyphs no person settled.
  public private(set) var humanLabels: [Int: Int32] = [:]

  public init() {}

  /// The total modelled cost in seconds.
  public var totalSeconds: Double { seconds.values.reduce(0, +) }

  /// The number of glyphs a person settled.
  public var settledCount: Int { humanLabels.count }

  mutating func record(_ action: AnnotationAction, seconds cost: Double, count: Int = 1) {
    counts[action, default: 0] += count
    seconds[action, default: 0] += cost
  }

  mutating func settle(_ glyph: Int, label: Int32) { humanLabels[glyph] = label }
}
