import Foundation
import GlyphLabCore
import GlyphLabReports
import Testing

@Suite("Statistics: Student t, estimates, paired differences")
struct StatisticsTests {
  /// Two-sided 95% critical values t(0.975, ν) from published tables (e.g. NIST/SEMATECH
  /// e-Handbook, table 1.3.6.7.2), to three decimals.
  static let publishedQuantiles: [(Double, Double)] = [
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (9, 2.262), (10, 2.228),
    (20, 2.086), (30, 2.042), (100, 1.984),
  ]

  @Test(arguments: publishedQuantiles)
  func quantilesMatchPublishedTables(degrees: Double, expected: Double) {
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: degrees) - expected) < 0.0005)
  }

  @Test func quantilesApproachTheNormalAndAreSymmetric() {
    #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1e7) - 1.959964) < 1e-5)
    #expect(StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
    #expect(StudentT.quantile(0.025, degreesOfFreedom: 4) == -StudentT.quantile(0.975, degreesOfFreedom: 4))
    #expect(StudentT.quantile(1, degreesOfFreedom: 4).isNaN)
    #expect(StudentT.quantile(0.9, degreesOfFreedom: 0).isNaN)
    #expect(StudentT.intervalMultiplier(count: 1) == nil)
  }

  @Test func distributionMatchesClosedForms() {
    // ν = 1 is the Cauchy distribution; ν = 2 has F(t) = 1/2 + t / (2 √(2 + t²)).
    for t in [-30.0, -2.5, -0.3, 0, 0.7, 1, 4.2, 100] {
      #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / Double.pi)) < 1e-12)
      #expect(abs(StudentT.cdf(t, degreesOfFreedom: 2) - (0.5 + t / (2 * (2 + t * t).squareRoot()))) < 1e-12)
    }
  }

  @Test func estimateMatchesANaiveComputation() throws {
    let values = [0.971, 0.984, 0.979, 0.990, 0.962]
    let estimate = try #require(Estimate(values: values))
    let mean = values.reduce(0, +) / 5
    let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
    let half = 2.776_445_1 * sd / 5.0.squareRoot()  // t(0.975, 4) = 2.7764451 (R: qt(0.975, 4))
    #expect(abs(estimate.mean - mean) < 1e-15)
    #expect(abs((estimate.standardDeviation ?? 0) - sd) < 1e-15)
    #expect(abs((estimate.halfWidth ?? 0) - half) < 1e-7 * half)
    #expect(estimate.count == 5)
    #expect(abs(estimate.lower - (mean - (estimate.halfWidth ?? 0))) < 1e-15)
  }

  @Test func estimateEdgeCases() throws {
    #expect(Estimate(values: []) == nil)
    #expect(Estimate(values: [0.9, .nan]) == nil)
    #expect(Estimate(values: [0.9, .infinity]) == nil)
    let single = try #require(Estimate(values: [0.93]))
    #expect(single.mean == 0.93 && single.lower == 0.93 && single.upper == 0.93)
    #expect(!single.hasInterval && single.halfWidth == nil && single.standardDeviation == nil)
    // Identical values give their value exactly, with zero width (no rounding of sum / n).
    let same = try #require(Estimate(values: Array(repeating: 0.975, count: 7)))
    #expect(same.mean == 0.975 && same.lower == 0.975 && same.upper == 0.975 && same.halfWidth == 0)
  }

  @Test func pairedDifferencesPairBySeed() throws {
    let base = [1: 0.90, 2: 0.92, 3: 0.94, 5: 0.80]
    let other = [1: 0.91, 2: 0.95, 3: 0.94, 4: 0.99]
    let difference = PairedDifference(base: base, other: other)
    #expect(difference.pairedSeeds == [1, 2, 3])
    #expect(difference.onlyInBase == [5])
    #expect(difference.onlyInOther == [4])
    let expected = try #require(Estimate(values: [0.91 - 0.90, 0.95 - 0.92, 0.94 - 0.94]))
    #expect(difference.estimate == expected)
    let unreached = PairedDifference(base: [1: 3.0, 2: 4.0], other: [1: .nan, 2: 5.0])
    #expect(unreached.nonFinitePairs == 1 && unreached.estimate == nil)
    #expect(PairedDifference(base: [:], other: [1: 1]).estimate == nil)
  }
}

@Suite("Verdict at the edges")
struct VerdictTests {
  func estimate(lower: Double, upper: Double, count: Int = 5) -> Estimate {
    Estimate(
      mean: (lower + upper) / 2, count: count, standardDeviation: 0.01, halfWidth: (upper - lower) / 2,
      lower: lower, upper: upper)
  }

  @Test func lowerBoundExactlyAtTheTargetPasses() {
    let verdict = Verdict(estimate: estimate(lower: 0.975, upper: 0.985), target: 0.975)
    #expect(verdict.outcome == .pass && !verdict.singleSeed)
  }

  @Test func intervalStraddlingTheTargetIsInconclusive() {
    #expect(Verdict(estimate: estimate(lower: 0.97, upper: 0.98), target: 0.975).outcome == .inconclusive)
    #expect(Verdict(estimate: estimate(lower: 0.974_999_999, upper: 0.99), target: 0.975).outcome == .inconclusive)
    // The upper bound exactly at the target is not below it: still inconclusive, not FAIL.
    #expect(Verdict(estimate: estimate(lower: 0.96, upper: 0.975), target: 0.975).outcome == .inconclusive)
  }

  @Test func upperBoundBelowTheTargetFails() {
    #expect(Verdict(estimate: estimate(lower: 0.95, upper: 0.974_999_999), target: 0.975).outcome == .fail)
  }

  @Test func seedsAllExactlyAtTheTargetPass() throws {
    let values = Array(repeating: 0.975, count: 5)
    #expect(Verdict(estimate: try #require(Estimate(values: values)), target: 0.975).outcome == .pass)
  }

  @Test func aSingleSeedDecidesByItsValueAndSaysSo() throws {
    let at = Verdict(estimate: try #require(Estimate(values: [0.975])), target: 0.975)
    #expect(at.outcome == .pass && at.singleSeed)
    let below = Verdict(estimate: try #require(Estimate(values: [0.9749])), target: 0.975)
    #expect(below.outcome == .fail && below.singleSeed)
  }
}
