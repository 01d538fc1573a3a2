/// Whether a configuration reaches the target accuracy, decided from its interval over seeds.
///
/// The rule, also printed in every report: PASS when the lower bound of the 95% interval is
/// at or above the target, FAIL when the upper bound is below it, INCONCLUSIVE when the
/// interval straddles it. Exactly at the target counts as reaching it. With a single seed
/// there is no interval; the point value decides and the verdict is marked "single seed".
public struct Verdict: Sendable, Equatable {
  /// The three outcomes.
  public enum Outcome: String, Sendable {
    /// The whole interval is at or above the target.
    case pass = "PASS"
    /// The whole interval is below the target.
    case fail = "FAIL"
    /// The interval contains values on both sides of the target.
    case inconclusive = "INCONCLUSIVE"
  }

  /// The outcome.
  public var outcome: Outcome
  /// Whether it rests on one seed's value rather than an interval.
  public var singleSeed: Bool
  /// The target it was judged against.
  public var target: Double

  /// Judges `estimate` (accuracy over seeds) against `target`.
  public init(estimate: Estimate, target: Double) {
    self.target = target
    singleSeed = !estimate.hasInterval
    if estimate.lower >= target {
      outcome = .pass
    } else if estimate.upper < target {
      outcome = .fail
    } else {
      outcome = .inconclusive
    }
  }
}
