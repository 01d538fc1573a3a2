/// How a distance-based classifier turns distances into probabilities: p ∝ exp(−d / T).
///
/// The temperature T is in distance units, so a fixed value only suits features of a known
/// scale (for example T ≈ 0.1 for cosine distances, which lie in [0, 2]). The default,
/// ``leaveOneOut(fallbackFactor:)``, fits T on the support set itself and is scale-free.
public enum SoftmaxTemperature: Sendable, Equatable {
  /// A fixed temperature T > 0, in the units of the metric.
  case fixed(Float)
  /// T = `factor` × s, where s is the median, over support rows, of the distance to the
  /// nearest class other than the row's own: a scale read from the support set, useful when
  /// no class has two examples.
  case relative(Float)
  /// T fitted on the support set by leave-one-out: each support row of a class with at least
  /// two examples (or of a class with more than one prototype) is scored against its class
  /// rebuilt without it, and T maximises the likelihood of those held-out labels. The
  /// held-out labels are smoothed towards uniform by ε = 1/(m + 1) for m held-out rows (as if
  /// one more row had an uninformative label), which keeps T finite when the support set is
  /// perfectly separable, and lets the probabilities grow more confident as evidence grows.
  /// The objective is convex in 1/T, so the fit is a one-dimensional root search.
  ///
  /// When no row can be held out (every class has one example: 1-shot), it falls back to
  /// ``relative(_:)`` with `fallbackFactor`. When the held-out labels are no better than
  /// chance, 1/T = 0: probabilities are uniform while the labels still follow the distances.
  case leaveOneOut(fallbackFactor: Float)

  /// The default: leave-one-out with a 1-shot fallback factor of 0.25, chosen on Omniglot's
  /// base classes (pixels, with and without CL2N, 5- and 20-way 1-shot) as the factor among
  /// 0.05, 0.1, 0.25, 0.5 and 1 with the lowest total query log loss (0.5 was close; 0.05
  /// and 0.1 were far too confident).
  public static let automatic = SoftmaxTemperature.leaveOneOut(fallbackFactor: 0.25)
}
