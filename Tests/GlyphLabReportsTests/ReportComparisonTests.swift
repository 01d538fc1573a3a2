import Foundation
import GlyphLabReports
import GlyphLabTestSupport
import Testing

@Suite("Comparing two run logs")
struct ReportComparisonTests {
  /// The standard log changed as a later commit might: hybrid gains 0.2 points on every
  /// seed, typicality runs with another PCA size (so their ids change), random seed 5 is
  /// gone, a new strategy appears, and one run's id was computed differently.
  static func candidate() -> SyntheticRunLog {
    var log = SyntheticRunLog.standard()
    log.runs.removeAll { $0.seed == 5 && $0.parameters.contains { $0.json == "\"random\"" } }
    for index in log.runs.indices {
      let run = log.runs[index]
      if run.ablation == "base" && run.parameters.contains(where: { $0.json == "\"hybrid\"" }) {
        log.runs[index].scalars["final_accuracy", default: 0] += 0.002
      }
      if run.parameters.contains(where: { $0.json == "\"typicality\"" }) {
        log.runs[index].parameters = run.parameters.map { $0.key == "features.pca" ? (key: $0.key, json: "48") : $0 }
      }
      if run.ablation == "no-verify" && run.seed == 2 { log.runs[index].idOverride = "ffffffffffffffff" }
    }
    log.runs.append(SyntheticRunLog.run(strategy: "kcenter", ablation: "base", seed: 1, finalLow: 0.95, spread: 0.01))
    return log
  }

  @Test func runsAreMatchedByIdThenParametersThenConfiguration() throws {
    let (a, directoryA) = try MarkdownReportTests.snapshot(.standard(), name: "a.h5")
    let (b, directoryB) = try MarkdownReportTests.snapshot(Self.candidate(), name: "b.h5")
    defer {
      try? FileManager.default.removeItem(at: directoryA)
      try? FileManager.default.removeItem(at: directoryB)
    }
    let comparison = ReportComparison(baseline: a, candidate: b)
    #expect(comparison.pairs.count == 24)
    #expect(comparison.pairs.filter { $0.match == .runID }.count == 18)
    #expect(comparison.pairs.filter { $0.match == .parameters }.count == 1)
    let byConfiguration = comparison.pairs.filter { $0.match == .configuration }
    #expect(byConfiguration.count == 5)
    #expect(byConfiguration.allSatisfy { $0.baseline.seed == $0.candidate.seed })
    #expect(byConfiguration.allSatisfy { $0.differingParameters.map(\.key) == ["features.pca"] })
    #expect(comparison.onlyInBaseline.map(\.seed) == [5])
    #expect(comparison.onlyInCandidate.count == 1)

    let hybrid = try #require(comparison.configurations.first { $0.label == "pipeline.strategy=hybrid" })
    let difference = comparison.difference("final_accuracy", in: hybrid)
    let estimate = try #require(difference.estimate)
    #expect(difference.pairedSeeds == [1, 2, 3, 4, 5])
    #expect(abs(estimate.mean - 0.002) < 1e-12 && estimate.excludes(0))
    let noPCA = try #require(comparison.configurations.first { $0.ablation == "no-pca" })
    let unchanged = try #require(comparison.difference("final_accuracy", in: noPCA).estimate)
    #expect(unchanged.count == 5 && unchanged.mean == 0 && unchanged.halfWidth == 0)
    let typicality = try #require(comparison.configurations.first { $0.label == "pipeline.strategy=typicality" })
    #expect(comparison.difference("final_accuracy", in: typicality).estimate?.mean == 0)
  }

  @Test func comparisonReportIsDeterministicAndWellFormed() throws {
    let (a, directoryA) = try MarkdownReportTests.snapshot(.standard(), name: "a.h5")
    let (b, directoryB) = try MarkdownReportTests.snapshot(Self.candidate(), name: "b.h5")
    defer {
      try? FileManager.default.removeItem(at: directoryA)
      try? FileManager.default.removeItem(at: directoryB)
    }
    let rendered = ReportComparison(baseline: a, candidate: b).render(fileStem: "ab")
    #expect(rendered == ReportComparison(baseline: a, candidate: b).render(fileStem: "ab"))
    let markdown = rendered.markdown
    #expect(markdown.hasPrefix("# Comparison: synthetic (A) → synthetic (B)\n"))
    #expect(markdown.contains("24 pairs of complete runs: 18 by run id, 1 by parameters, 5 by configuration and seed."))
    #expect(markdown.contains("- `features.pca`: `64 → 48`"))
    #expect(markdown.contains("| `pipeline.strategy=hybrid` | 5 | **+0.20 ± 0.00** |"))
    #expect(markdown.contains("| `pipeline.strategy=random` | 4 | 0.00 ± 0.00 |"))
    #expect(markdown.contains("## Runs without a partner"))
    #expect(
      rendered.charts.map(\.name) == [
        "ab-delta-final-accuracy.svg", "ab-delta-final-accuracy.csv", "ab-accuracy-labels.svg",
        "ab-accuracy-labels.csv", "ab-accuracy-cost.svg", "ab-accuracy-cost.csv",
      ])
    for chart in rendered.charts where chart.name.hasSuffix(".svg") {
      #expect(try SVGChartTests.parse(chart.contents).root == "svg")
    }
    // The overlay holds every configuration of both logs.
    let overlay = try #require(rendered.charts.first { $0.name == "ab-accuracy-cost.svg" })
    let text = try SVGChartTests.parse(overlay.contents).text
    #expect(text.contains("A: base: pipeline.strategy=hybrid") && text.contains("B: base: pipeline.strategy=hybrid"))
    #expect(markdown.contains("](ab-delta-final-accuracy.svg)"))
  }

  @Test func throughputIsARatioAndPhasesWithoutWorkAreLeftOut() throws {
    // B reads its features precomputed from the dataset: its "features throughput" only
    // times reading a matrix, so that phase is left out; the others are ratios B ÷ A.
    var candidate = SyntheticRunLog.standard()
    candidate.runs = candidate.runs.map { run in
      var run = run
      run.parameters.append((key: "features.kind", json: "\"dataset\""))
      run.parameters.sort { $0.key < $1.key }
      run.scalars["throughput_features"] = 9_000_000
      run.scalars["throughput_fit_predict"] = (run.scalars["throughput_fit_predict"] ?? 0) * 2
      return run
    }
    let (a, directoryA) = try MarkdownReportTests.snapshot(.standard(), name: "a.h5")
    let (b, directoryB) = try MarkdownReportTests.snapshot(candidate, name: "b.h5")
    defer {
      try? FileManager.default.removeItem(at: directoryA)
      try? FileManager.default.removeItem(at: directoryB)
    }
    let markdown = ReportComparison(baseline: a, candidate: b).render(fileStem: "ab").markdown
    let section = try #require(markdown.components(separatedBy: "Time and throughput as ratios").last)
    #expect(!section.contains("`features` throughput B ÷ A"))
    #expect(section.contains("Left out, as the phase did no work") && section.contains("`features`"))
    #expect(section.contains("`fit_predict` throughput B ÷ A"))
    #expect(section.contains("2.00× (95% CI 2.00× to 2.00×)"))
    #expect(!markdown.contains("glyphs/s ±") && !markdown.contains("+9,"))
  }
}
