import Foundation
import GlyphLabCore
import GlyphLabStrategies
import Testing

@Suite("Confidence intervals")
struct ConfidenceIntervalTests {
  /// Two-sided critical values from published t tables (e.g. NIST/SEMATECH e-Handbook,
  /// table 1.3.6.7.2), to the printed precision.
  static let tTable: [(p: Double, nu: Double, t: Double)] = [
    (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 4, 2.776), (0.975, 9, 2.262), (0.975, 10, 2.228),
    (0.975, 30, 2.042), (0.975, 100, 1.984), (0.95, 5, 2.015), (0.995, 5, 4.032), (0.995, 20, 2.845),
    (0.9, 3, 1.638),
  ]

  @Test(arguments: tTable.indices)
  func studentTQuantilesMatchTables(index: Int) {
    let (p, nu, t) = Self.tTable[index]
    #expect(abs(ConfidenceInterval.studentTQuantile(p, degreesOfFreedom: nu) - t) < 6e-4)
    #expect(abs(ConfidenceInterval.studentTQuantile(1 - p, degreesOfFreedom: nu) + t) < 6e-4)
  }

  @Test func closedFormsAreExact() {
    // ν = 1 is Cauchy: t_p = tan(π(p − ½)); ν = 2: t_p = (2p − 1)·√(2 / (4p(1 − p))).
    for p in [0.6, 0.9, 0.975, 0.999] {
      #expect(abs(ConfidenceInterval.studentTQuantile(p, degreesOfFreedom: 1) - tan(.pi * (p - 0.5))) < 1e-8)
      let two = (2 * p - 1) * (2 / (4 * p * (1 - p))).squareRoot()
      #expect(abs(ConfidenceInterval.studentTQuantile(p, degreesOfFreedom: 2) - two) < 1e-9)
    }
  }

  @Test func normalQuantilesMatchTables() {
    #expect(abs(ConfidenceInterval.normalQuantile(0.975) - 1.959963985) < 1e-8)
    #expect(abs(ConfidenceInterval.normalQuantile(0.995) - 2.575829304) < 1e-8)
    #expect(abs(ConfidenceInterval.normalQuantile(0.5)) < 1e-12)
    #expect(abs(ConfidenceInterval.studentTQuantile(0.975, degreesOfFreedom: 1e8) - 1.959963985) < 1e-8)
    #expect(
      ConfidenceInterval.normalQuantile(0).isNaN && ConfidenceInterval.studentTQuantile(0.5, degreesOfFreedom: 0).isNaN)
  }

  @Test func intervalOfFiveValuesByHand() throws {
    // Mean 3, sample sd √2.5, standard error √0.5; t(0.975, 4) = 2.776445.
    let ci = try ConfidenceInterval(values: [1, 2, 3, 4, 5])
    #expect(ci.mean == 3 && ci.n == 5 && ci.level == 0.95)
    #expect(abs(ci.halfWidth - 2.776445 * 0.5.squareRoot()) < 1e-5)
    #expect(abs(ci.lower - (3 - ci.halfWidth)) < 1e-12)
    let normal = try ConfidenceInterval(values: [1, 2, 3, 4, 5], method: .normal)
    #expect(abs(normal.halfWidth - 1.959964 * 0.5.squareRoot()) < 1e-5)
    #expect(ci.contains(1.5) && !ci.contains(0.9))
    #expect(ci.description == "3.0000 ± 1.9632")
  }

  @Test func degenerateSamples() throws {
    let one = try ConfidenceInterval(values: [0.7])
    #expect(one.mean == 0.7 && one.lower == -.infinity && one.upper == .infinity)
    let constant = try ConfidenceInterval(values: [0.5, 0.5, 0.5])
    #expect(constant.lower == 0.5 && constant.upper == 0.5)
    #expect(throws: GlyphLabError.self) { try ConfidenceInterval(values: []) }
    #expect(throws: GlyphLabError.self) { try ConfidenceInterval(values: [1, .nan]) }
    #expect(throws: GlyphLabError.self) { try ConfidenceInterval(values: [1, 2], level: 1) }
  }
}
