import Foundation
import GlyphLabImaging
import GlyphLabReports
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@Suite("per-glyph analyses and effort")
struct GlyphAnalysisTests {
  @Test func glyphLogMatchesTheGoldenReport() throws {
    let (snapshot, directory) = try MarkdownReportTests.snapshot(.withGlyphs(), name: "glyphs.h5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "glyphs")
    if GoldenFiles.updating {
      try rendered.write(to: GoldenFiles.directory.appendingPathComponent("glyphs.md"))
    }
    #expect(rendered.markdown == GoldenFiles.text("glyphs.md"))
    for chart in rendered.charts {
      let golden = try? Data(contentsOf: GoldenFiles.directory.appendingPathComponent(chart.name))
      #expect(golden == (chart.bytes.map { Data($0) } ?? Data(chart.contents.utf8)), "\(chart.name)")
    }
    let goldenFiles = try FileManager.default.contentsOfDirectory(atPath: GoldenFiles.directory.path)
      .filter { $0.hasPrefix("glyphs-") }.sorted()
    #expect(goldenFiles == rendered.charts.map(\.name).sorted())
    #expect(rendered.charts.contains { $0.name == "glyphs-errors.png" })
    for heading in [
      "## Effort against the label floor and other typing costs", "### Cost-model sensitivity",
      "### By class frequency", "### Variant forms against base forms", "### By `font`", "### Most confused pairs",
      "### Contact sheet of errors", "[glyphs-errors.png](glyphs-errors.png)",
    ] {
      #expect(rendered.markdown.contains(heading), "\(heading)")
    }
  }

  /// Per-seed accuracy of `members` from the synthetic runs, by plain counting.
  static func naiveAccuracies(_ runs: [SyntheticRun], _ members: [Int]) -> [Double] {
    let truth = SyntheticRunLog.glyphDataset.truth
    return runs.map { run in
      let labels = run.predictions?.labels ?? []
      var right = 0
      for g in members where labels[g] == truth[g] { right += 1 }
      return Double(right) / Double(members.count)
    }
  }

  @Test func bandsGroupsFormsAndPairsMatchPlainCounting() throws {
    let log = SyntheticRunLog.withGlyphs()
    let (snapshot, directory) = try MarkdownReportTests.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let summary = ExperimentSummary(snapshot: snapshot)
    let base = try #require(summary.baseConfigurations.first)
    let analysis = try #require(GlyphAnalysis(configuration: base, snapshot: snapshot))
    let runs = log.runs.filter { $0.ablation == "base" }
    #expect(analysis.runs.count == 3)
    let truth = SyntheticRunLog.glyphDataset.truth
    var sizes: [Int32: Int] = [:]
    for t in truth { sizes[t, default: 0] += 1 }
    let bands: [ClosedRange<Int>] = [1...1, 2...5, 6...20, 21...Int.max]
    #expect(analysis.bandRows.map(\.glyphs) == [2, 16, 17, 25])
    for (row, band) in zip(analysis.bandRows, bands) {
      let members = truth.indices.filter { band.contains(sizes[truth[$0]] ?? 0) }
      let expected = Self.naiveAccuracies(runs, members)
      let mean = expected.reduce(0, +) / Double(expected.count)
      #expect(abs((row.accuracy?.mean ?? -1) - mean) < 1e-12, "\(row.title)")
    }
    let font = try #require(analysis.groupTables.first { $0.name == "font" })
    #expect(font.rows.map(\.title) == ["Kai", "Song", "Ming"])
    for (value, row) in font.rows.enumerated() {
      let expected = Self.naiveAccuracies(runs, truth.indices.filter { $0 % 3 == value })
      #expect(abs((row.accuracy?.mean ?? -1) - expected.reduce(0, +) / 3) < 1e-12)
    }
    let forms = try #require(analysis.forms)
    #expect(forms.rows.map(\.title) == ["base form", "variant form"])
    #expect(forms.rows.map(\.glyphs) == [truth.count - 9, 9])
    // Every fifth glyph was settled by a person: settled share 20%, and machine accuracy
    // counts only the others.
    #expect(abs((analysis.overall.settledShare ?? 0) - 0.2) < 1e-12)
    var pairCounts: [String: Int] = [:]
    for run in runs {
      for (g, label) in (run.predictions?.labels ?? []).enumerated() where label != truth[g] {
        pairCounts["\(truth[g])>\(label)", default: 0] += 1
      }
    }
    let top = try #require(analysis.confusedPairs.first)
    let names = SyntheticRunLog.glyphDataset.classNames
    let most = pairCounts.values.max() ?? 0
    let topKeys = pairCounts.filter { $0.value == most }.keys.map { key -> String in
      let parts = key.split(separator: ">").compactMap { Int($0) }
      return names[parts[0]] + ">" + names[parts[1]]
    }
    #expect(topKeys.contains(top.truth + ">" + top.given))
    #expect(abs(top.meanCount - Double(most) / 3) < 1e-12)
  }

  @Test func contactSheetDrawsEachErrorBesideItsExemplarFromTheLog() throws {
    let log = SyntheticRunLog.withGlyphs()
    let (snapshot, directory) = try MarkdownReportTests.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try #require(snapshot.runs.first { $0.seed == 1 && $0.ablation == "base" })
    let dataset = try #require(snapshot.dataset(of: run))
    let sheet = try #require(try ErrorSheet(run: run, dataset: dataset))
    let synthetic = try #require(log.runs.first { $0.seed == 1 && $0.ablation == "base" }?.predictions)
    #expect(sheet.entries.count == synthetic.errorIndices.count)
    let image = try PNGCodec.decodeGray(sheet.png)
    // Pair k sits in row k / 4, column k % 4: glyph tile, 2 px gap, exemplar tile, 10 px apart.
    for k in sheet.entries.indices {
      let top = 10 + (k / 4) * (8 + 10)
      let left = 10 + (k % 4) * (2 * 8 + 2 + 10)
      for (tile, source) in [(0, synthetic.images), (1, synthetic.exemplarImages)] {
        for y in 0..<8 {
          for x in 0..<8 {
            let pixel = image.pixels[(top + y) * image.width + left + tile * 10 + x]
            #expect(pixel == 255 - source[k * 64 + y * 8 + x])
          }
        }
      }
      let g = synthetic.errorIndices[k]
      let names = SyntheticRunLog.glyphDataset.classNames
      #expect(sheet.entries[k].truth == names[Int(SyntheticRunLog.glyphDataset.truth[g])])
      #expect(sheet.entries[k].given == names[Int(synthetic.labels[g])])
    }
  }

  @Test func costSensitivityRepricesTypedLabelsOnly() throws {
    let (snapshot, directory) = try MarkdownReportTests.snapshot(.withGlyphs())
    defer { try? FileManager.default.removeItem(at: directory) }
    let base = try #require(ExperimentSummary(snapshot: snapshot).baseConfigurations.first)
    let sensitivity = try #require(CostSensitivity(configuration: base, target: 0.975))
    #expect(sensitivity.loggedTypeSeconds == 4)
    #expect(sensitivity.points.map(\.typeSeconds) == [1, 2, 4, 8, 16, 28.8])
    // Costs 14, 23, 36 s with 3, 5, 8 labels typed so far, on a manual/6 budget of 60 × c / 6.
    // At 1 s: 5, 8, 12 s against 10 s, so the budget ends after round 1. At 8 s: 26, 43, 68 s
    // against 80 s: all rounds fit, and the 12 s left is not more than the logged 4 s plus
    // one typed label, so no lower bound. At 16 s: 50, 83, 132 s against 160 s: 28 s left,
    // more than 4 + 16, so each seed's accuracy there is only a lower bound.
    let runs = base.runs.sorted { $0.seed < $1.seed }
    let accuracy = runs.map { $0.curves["accuracy"] ?? [] }
    func point(_ c: Double) throws -> CostSensitivity.Point {
      try #require(sensitivity.points.first { $0.typeSeconds == c })
    }
    func mean(_ round: Int) -> Double { accuracy.map { $0[round] }.reduce(0, +) / 3 }
    #expect(abs((try point(1).accuracyAtBudget.estimate?.mean ?? -1) - mean(1)) < 1e-12)
    #expect(abs((try point(8).accuracyAtBudget.estimate?.mean ?? -1) - mean(2)) < 1e-12)
    #expect(try point(8).lowerBounds == 0)
    #expect(try point(16).lowerBounds == 3)
    #expect(try point(4).lowerBounds == 0)
    let published = try #require(sensitivity.points.first { $0.typeSeconds == CostSensitivity.publishedTypeSeconds })
    #expect(abs(published.typeSeconds - 28.8) < 1e-12)
  }

  @Test func atTheLoggedCostTheRecomputedEfficiencyIsTheLoggedOne() throws {
    // A real log (committed): the pipeline's own efficiency per run against the
    // re-pricing at the logged typing cost.
    let path = TestPaths.repository.appendingPathComponent("Reports/efficiency-at-target.h5").path
    let snapshot = try RunLogSnapshot(path: path)
    let summary = ExperimentSummary(snapshot: snapshot)
    var checked = 0
    for configuration in summary.configurations {
      for run in configuration.runs {
        let single = RunConfiguration(key: configuration.key, runs: [run])
        let sensitivity = try #require(CostSensitivity(configuration: single, target: snapshot.target))
        let logged = try #require(sensitivity.loggedTypeSeconds)
        let point = try #require(sensitivity.points.first { $0.typeSeconds == logged })
        let recomputed = try #require(point.efficiency.estimate?.mean)
        let stored = try #require(run.scalars["efficiency"])
        #expect(abs(recomputed - stored) <= 1e-9 * stored, "\(run.id)")
        checked += 1
      }
    }
    #expect(checked == 6)
  }

  @Test func logsWithoutPredictionsStillReport() throws {
    // The committed headline log now holds predictions; the efficiency-at-target one does not.
    for name in ["efficiency-at-target"] {
      let path = TestPaths.repository.appendingPathComponent("Reports/\(name).h5").path
      let rendered = MarkdownReport(snapshot: try RunLogSnapshot(path: path)).render(fileStem: name)
      #expect(rendered.markdown.contains("The log holds no per-glyph predictions"))
      #expect(rendered.markdown.contains("### Cost-model sensitivity"))
      // Empty values are "—", never an empty code span.
      let lines = rendered.markdown.split(separator: "\n").filter { !$0.hasPrefix("```") }
      #expect(!lines.contains { $0.contains("``") })
    }
  }

  @Test func resolvedSpecIsShownAsYAML() {
    let value = JSONValue.object([
      JSONMember(
        key: "ablation",
        value: .array([
          .array([.string("no_pca"), .object([JSONMember(key: "features.pca", value: .integer(0))])])
        ])),
      JSONMember(key: "seeds", value: .array([.integer(1), .integer(2)])),
      JSONMember(key: "path", value: .string("Datasets/a b.h5")),
      JSONMember(key: "flag", value: .string("true")),
    ])
    #expect(
      value.yaml == """
        ablation:
        - - no_pca
          - features.pca: 0
        seeds: [1, 2]
        path: "Datasets/a b.h5"
        flag: "true"

        """)
  }
}
