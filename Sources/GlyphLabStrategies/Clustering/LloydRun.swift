import GlyphLabCore

/// One k-means run's outcome, in the coordinates it ran in.
struct LloydRun {
  /// The cluster of each point.
  var labels: [Int32]
  /// The final centres.
  var centres: Matrix
  /// Σ‖x − c(x)‖², in `Double`.
  var inertia: Double
  /// Lloyd iterations run.
  var iterations: Int
}
