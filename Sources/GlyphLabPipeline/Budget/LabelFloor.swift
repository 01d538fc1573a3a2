import GlyphLabCore

/// The least typing any strategy needs to reach a target accuracy on a corpus, and so the
/// best efficiency it can have there.
///
/// A class that no person labels and no reference covers cannot be recognised: its glyphs
/// are wrong. So at least one glyph of each class must be typed, except for classes whose
/// glyphs together fit in the error allowance `(1 − target) × glyphs`; the cheapest choice
/// leaves the smallest classes out. Classes that references cover (for example characters
/// rendered in other fonts, under the novel-editions protocol) need no typing. The floor
/// assumes everything else is free and right, so real pipelines cost more.
public struct LabelFloor: Sendable, Equatable {
  /// Classes that must be typed at least once.
  public var typedClasses: Int
  /// Classes left unlabelled (their glyphs are all wrong), the smallest ones.
  public var uncoveredClasses: Int
  /// Glyphs in the unlabelled classes.
  public var uncoveredGlyphs: Int
  /// The glyphs of the corpus.
  public var glyphs: Int
  /// The floor's cost: one typed label per class in ``typedClasses``.
  public var seconds: Double
  /// Manual entry cost divided by the floor's cost (infinite when nothing must be typed).
  public var efficiency: Double

  /// The floor for a corpus whose ground truth is `truth` (class indices; −1 ignored), at
  /// accuracy `target`, where the classes in `covered` need no typing.
  ///
  /// - Complexity: O(glyphs + classes × log classes).
  public init(
    truth: [Int32], target: Double, covered: Set<Int32> = [], costs: AnnotationCostModel = .standard
  ) throws {
    guard target > 0, target <= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "LabelFloor", name: "target", value: "\(target)", reason: "must be in (0, 1]")
    }
    var counts: [Int32: Int] = [:]
    for label in truth where label >= 0 { counts[label, default: 0] += 1 }
    let n = truth.count
    let allowance = Int(((1 - target) * Double(n) + 1e-9).rounded(.down))
    let needing = counts.filter { !covered.contains($0.key) }.values.sorted()
    var left = 0
    var leftGlyphs = 0
    for size in needing {
      guard leftGlyphs + size <= allowance else { break }
      leftGlyphs += size
      left += 1
    }
    typedClasses = needing.count - left
    uncoveredClasses = left
    uncoveredGlyphs = leftGlyphs
    glyphs = n
    seconds = Double(typedClasses) * costs.typeSeconds
    efficiency = seconds > 0 ? costs.manualEntryCost(glyphs: n) / seconds : .infinity
  }
}
