/// Accuracy against labelling effort, one point per round, and the figures that compare
/// strategies on it.
public struct BudgetCurve: Sendable, Equatable, Codable {
  /// The points, in round order (effort never decreases).
  public var points: [BudgetPoint]

  public init(points: [BudgetPoint]) { self.points = points }

  /// The effort axis a figure is read on.
  public enum Axis: String, Sendable, Codable {
    /// Glyphs settled by people.
    case labels
    /// Modelled seconds.
    case cost
  }

  func x(_ p: BudgetPoint, _ axis: Axis) -> Double { axis == .labels ? Double(p.labels) : p.cost }

  /// The normalised area under the budget curve (AUBC) on `axis` from 0 to `limit`: the
  /// trapezoid area of accuracy divided by `limit`, in [0, 1]. Before the first point the
  /// accuracy is 0 at zero effort; after the last point it stays at the last accuracy.
  ///
  /// - Complexity: O(points).
  public func normalizedArea(axis: Axis, limit: Double) -> Double {
    guard limit > 0 else { return 0 }
    var area = 0.0
    var previousX = 0.0
    var previousY = 0.0
    for p in points {
      let px = x(p, axis)
      if px > limit {
        // Cut the last segment at the limit, interpolating the accuracy there.
        let y = previousY + (p.accuracy - previousY) * (limit - previousX) / (px - previousX)
        area += (limit - previousX) * (previousY + y) / 2
        previousX = limit
        break
      }
      if px > previousX { area += (px - previousX) * (previousY + p.accuracy) / 2 }
      previousX = max(previousX, px)
      previousY = p.accuracy
    }
    if previousX < limit { area += (limit - previousX) * previousY }
    return area / limit
  }

  /// The effort on `axis` at which accuracy first reaches `target`, interpolated linearly
  /// between the two rounds around the crossing; nil if it is never reached.
  public func effort(toReach target: Double, axis: Axis) -> Double? {
    var previous: BudgetPoint?
    for p in points {
      if p.accuracy >= target {
        guard let q = previous, q.accuracy < target, p.accuracy > q.accuracy else { return x(p, axis) }
        let t = (target - q.accuracy) / (p.accuracy - q.accuracy)
        return x(q, axis) + t * (x(p, axis) - x(q, axis))
      }
      previous = p
    }
    return nil
  }

  /// Manual-entry cost divided by the pipeline's cost at `target`; nil if not reached.
  public func efficiency(manualCost: Double, target: Double) -> Double? {
    guard let cost = effort(toReach: target, axis: .cost), cost > 0 else { return nil }
    return manualCost / cost
  }
}
