import Foundation
import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Clustering metrics")
struct ClusteringMetricsTests {
  /// One labeling pair from ../shared/reference/clustering-metrics.json with scikit-learn's scores.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var truth: [Int32]
    var predicted: [Int32]
    var expected: [String: Double]
    var testDescription: String { name }
  }

  static let cases: [Case] = {
    guard let json = try? ReferenceJSON.load("clustering-metrics.json"),
      let list = json["cases"] as? [[String: Any]]
    else { return [] }
    return list.map { entry in
      var expected: [String: Double] = [:]
      for (key, value) in entry {
        if let number = value as? NSNumber, !(value is [Any]) { expected[key] = number.doubleValue }
      }
      return Case(
        name: entry["name"] as? String ?? "?",
        truth: ReferenceJSON.ints(entry["truth"]).map { Int32($0) },
        predicted: ReferenceJSON.ints(entry["predicted"]).map { Int32($0) }, expected: expected)
    }
  }()

  @Test func referenceFileHasAllCases() {
    #expect(Self.cases.count == 14)
    #expect(Self.cases.contains { $0.name == "zipf-tail" })
  }

  @Test(arguments: cases)
  func matchesScikitLearn(_ reference: Case) throws {
    let metrics = try ClusteringMetrics(truth: reference.truth, predicted: reference.predicted)
    let got: [(String, Double, Double)] = [
      ("adjusted_rand", metrics.adjustedRandIndex, 1e-9),
      ("adjusted_mutual_info", metrics.adjustedMutualInformation, 1e-6),
      ("normalized_mutual_info", metrics.normalizedMutualInformation, 1e-9),
      ("homogeneity", metrics.homogeneity, 1e-9),
      ("completeness", metrics.completeness, 1e-9),
      ("v_measure", metrics.vMeasure, 1e-9),
      ("fowlkes_mallows", metrics.fowlkesMallows, 1e-9),
      ("purity", metrics.purity, 1e-9),
    ]
    for (key, value, tolerance) in got {
      let want = try #require(reference.expected[key], "\(key) missing")
      #expect(abs(value - want) <= tolerance, "\(reference.name) \(key): got \(value), want \(want)")
    }
  }

  @Test func contingencyTableMatchesDenseCount() throws {
    var generator = SeededGenerator(seed: 3)
    let truth = (0..<500).map { _ in Int32(generator.uniformInt(below: 7)) * 1000 - 3000 }
    let predicted = (0..<500).map { _ in Int32(generator.uniformInt(below: 11)) - 1 }
    let table = try ContingencyTable(truth: truth, predicted: predicted)
    #expect(table.classLabels == Array(Set(truth)).sorted())
    #expect(table.clusterLabels == Array(Set(predicted)).sorted())
    var dense = [[Int]](repeating: [Int](repeating: 0, count: 11), count: 7)
    for (t, p) in zip(truth, predicted) {
      dense[table.classLabels.firstIndex(of: t)!][table.clusterLabels.firstIndex(of: p)!] += 1
    }
    var fromCells = [[Int]](repeating: [Int](repeating: 0, count: 11), count: 7)
    for cell in table.cells { fromCells[cell.row][cell.column] = cell.count }
    #expect(fromCells == dense)
    #expect(table.cells.allSatisfy { $0.count > 0 })
    #expect(table.classSizes == dense.map { $0.reduce(0, +) })
    #expect(table.sampleCount == 500)
  }

  /// Pair counts and purity straight from their definitions, O(n²), on random labelings.
  @Test func pairCountsAndPurityMatchDefinitions() throws {
    var generator = SeededGenerator(seed: 4)
    for (n, c, k) in [(60, 3, 4), (150, 10, 6), (90, 1, 5), (40, 40, 40)] {
      let truth = (0..<n).map { _ in Int32(generator.uniformInt(below: c)) }
      let predicted = (0..<n).map { _ in Int32(generator.uniformInt(below: k)) }
      var (tp, fp, fn, tn) = (0, 0, 0, 0)
      for i in 0..<n {
        for j in 0..<n where i != j {
          switch (truth[i] == truth[j], predicted[i] == predicted[j]) {
          case (true, true): tp += 1
          case (false, true): fp += 1
          case (true, false): fn += 1
          case (false, false): tn += 1
          }
        }
      }
      let table = try ContingencyTable(truth: truth, predicted: predicted)
      let pairs = ClusteringMetrics.pairConfusion(table)
      #expect(pairs.togetherInBoth == tp && pairs.togetherInPredictedOnly == fp)
      #expect(pairs.togetherInTruthOnly == fn && pairs.apartInBoth == tn)
      var purityCount = 0
      for cluster in Set(predicted) {
        var counts: [Int32: Int] = [:]
        for i in 0..<n where predicted[i] == cluster { counts[truth[i], default: 0] += 1 }
        purityCount += counts.values.max() ?? 0
      }
      #expect(abs(ClusteringMetrics.purity(table) - Double(purityCount) / Double(n)) < 1e-12)
    }
  }

  /// scikit-learn's EMI loop over every (class, cluster) pair, without grouping equal sizes.
  static func naiveExpectedMutualInformation(_ a: [Int], _ b: [Int], _ n: Int) -> Double {
    var emi = 0.0
    func lg(_ x: Int) -> Double { Foundation.lgamma(Double(x) + 1) }
    for ai in a {
      for bj in b {
        guard max(1, ai - n + bj) <= min(ai, bj) else { continue }
        for nij in max(1, ai - n + bj)...min(ai, bj) {
          let term1 = Double(nij) / Double(n)
          let term2 = log(Double(n) * Double(nij)) - log(Double(ai)) - log(Double(bj))
          let numerator: Double = lg(ai) + lg(bj) + lg(n - ai) + lg(n - bj)
          let denominator: Double = lg(nij) + lg(n) + lg(ai - nij) + lg(bj - nij) + lg(n - ai - bj + nij)
          let gln = numerator - denominator
          emi += term1 * term2 * exp(gln)
        }
      }
    }
    return emi
  }

  @Test func expectedMutualInformationMatchesUngroupedSum() throws {
    var generator = SeededGenerator(seed: 5)
    let truth = (0..<800).map { _ in Int32(generator.uniformInt(below: 25)) }
    let predicted = (0..<800).map { _ in Int32(min(generator.uniformInt(below: 40), generator.uniformInt(below: 40))) }
    let table = try ContingencyTable(truth: truth, predicted: predicted)
    let want = Self.naiveExpectedMutualInformation(table.classSizes, table.clusterSizes, 800)
    let got = ClusteringMetrics.expectedMutualInformation(table)
    #expect(abs(got - want) <= 1e-12 * max(1, abs(want)))
  }

  @Test func edgeCasesFollowScikitLearn() throws {
    let empty = try ClusteringMetrics(truth: [], predicted: [])
    #expect(empty.adjustedRandIndex == 1 && empty.adjustedMutualInformation == 1)
    #expect(empty.normalizedMutualInformation == 1 && empty.vMeasure == 1)
    let single = try ClusteringMetrics(truth: [4, 4, 4], predicted: [-1, -1, -1])
    #expect(single.adjustedRandIndex == 1 && single.adjustedMutualInformation == 1)
    #expect(single.normalizedMutualInformation == 1 && single.purity == 1)
    #expect(single.fowlkesMallows == 1)
  }

  @Test func mismatchedLengthsThrow() {
    #expect(throws: GlyphLabError.self) { try ClusteringMetrics(truth: [1, 2], predicted: [1]) }
  }

  @Test func sizeSummaryCountsClustersAndNoise() {
    let summary = ClusterSizeSummary(labels: [5, 5, 5, -1, 7, 9, 9, -1], noiseLabel: -1)
    #expect(summary.clusterCount == 3)
    #expect(summary.sizes == [3, 2, 1])
    #expect(summary.singletons == 1 && summary.largest == 3 && summary.smallest == 1)
    #expect(summary.medianSize == 2 && summary.noisePoints == 2 && summary.clusteredPoints == 6)
    let all = ClusterSizeSummary(labels: [5, 5, 5, -1, 7, 9, 9, -1])
    #expect(all.clusterCount == 4 && all.noisePoints == 0 && all.medianSize == 2)
  }

  /// 100,000 labels in thousands of clusters with a long tail: must not build a dense table.
  @Test func largeLabelingsStaySparse() throws {
    var generator = SeededGenerator(seed: 6)
    let n = 100_000
    let truth = (0..<n).map { _ in Int32(generator.uniformInt(below: 5000)) }
    let predicted = truth.map { t in
      generator.uniformInt(below: 4) == 0 ? Int32(generator.uniformInt(below: 300_000_000)) : t * 7
    }
    let metrics = try ClusteringMetrics(truth: truth, predicted: predicted)
    #expect(metrics.classCount == 5000)
    #expect(metrics.clusters.clusterCount > 20_000)
    #expect(metrics.adjustedRandIndex > 0.5 && metrics.adjustedRandIndex < 1)
    #expect(metrics.adjustedMutualInformation > 0 && metrics.adjustedMutualInformation < 1)
  }
}
