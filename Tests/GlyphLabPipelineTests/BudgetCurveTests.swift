import GlyphLabPipeline
import Testing

@Suite("Budget curves")
struct BudgetCurveTests {
  func point(_ labels: Int, _ cost: Double, _ accuracy: Double) -> BudgetPoint {
    BudgetPoint(
      labels: labels, cost: cost, accuracy: accuracy, machineAccuracy: nil, macroAccuracy: accuracy, coverage: 1)
  }

  @Test func interpolatesTheEffortToReachATarget() {
    let curve = BudgetCurve(points: [point(0, 0, 0.5), point(10, 100, 0.9), point(20, 300, 0.99)])
    #expect(curve.effort(toReach: 0.9, axis: .labels) == 10)
    let cost = curve.effort(toReach: 0.975, axis: .cost)!
    #expect(abs(cost - (100 + 200 * (0.075 / 0.09))) < 1e-9)
    #expect(curve.effort(toReach: 0.999, axis: .cost) == nil, "not reached")
    #expect(abs(curve.efficiency(manualCost: 1000, target: 0.9)! - 10) < 1e-12)
    #expect(curve.efficiency(manualCost: 1000, target: 0.999) == nil)
  }

  @Test func normalisedAreaIsTheTrapezoidMean() {
    let curve = BudgetCurve(points: [point(0, 0, 0.5), point(10, 10, 1.0)])
    #expect(abs(curve.normalizedArea(axis: .cost, limit: 10) - 0.75) < 1e-12)
    #expect(abs(curve.normalizedArea(axis: .cost, limit: 20) - 0.875) < 1e-12, "flat after the last point")
    #expect(abs(curve.normalizedArea(axis: .labels, limit: 5) - (0.5 + 0.75) / 2) < 1e-12)
  }
}
