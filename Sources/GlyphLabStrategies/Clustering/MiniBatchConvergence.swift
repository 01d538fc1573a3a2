/// scikit-learn's `_mini_batch_convergence`: an exponentially weighted average (EWA) of the
/// per-point batch inertia, an optional centre-shift tolerance, and a count of steps without
/// a new EWA minimum. The first step is ignored (its inertia reflects the initialisation).
struct MiniBatchConvergence {
  let batchSize: Int
  let sampleCount: Int
  let tolerance: Double
  let maxNoImprovement: Int?
  var smoothedInertia: Double?
  var smoothedMinimum: Double?
  var stepsWithoutImprovement = 0

  init(batchSize: Int, sampleCount: Int, tolerance: Double, maxNoImprovement: Int?) {
    self.batchSize = batchSize
    self.sampleCount = sampleCount
    self.tolerance = tolerance
    self.maxNoImprovement = maxNoImprovement
  }

  /// Records step `step` (0-based) and says whether to stop after it.
  mutating func shouldStop(step: Int, batchInertia: Double, centreShift: Double) -> Bool {
    let perPoint = batchInertia / Double(batchSize)
    guard step > 0 else { return false }
    if let previous = smoothedInertia {
      let alpha = min(1, Double(batchSize) * 2 / Double(sampleCount + 1))
      smoothedInertia = previous * (1 - alpha) + perPoint * alpha
    } else {
      smoothedInertia = perPoint
    }
    if tolerance > 0 && centreShift <= tolerance { return true }
    if let current = smoothedInertia, current < (smoothedMinimum ?? .infinity) {
      stepsWithoutImprovement = 0
      smoothedMinimum = current
    } else {
      stepsWithoutImprovement += 1
    }
    if let limit = maxNoImprovement, stepsWithoutImprovement >= limit { return true }
    return false
  }
}
