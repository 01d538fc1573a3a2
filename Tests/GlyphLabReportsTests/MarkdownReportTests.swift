import Foundation
import GlyphLabReports
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@Suite("Markdown report")
struct MarkdownReportTests {
  /// Writes `log` to a temporary directory and reads it back.
  static func snapshot(_ log: SyntheticRunLog, name: String = "synthetic.h5") throws -> (RunLogSnapshot, URL) {
    let directory = try TestPaths.temporaryDirectory("reports")
    let path = directory.appendingPathComponent(name).path
    try log.write(to: path)
    return (try RunLogSnapshot(path: path), directory)
  }

  @Test func syntheticLogMatchesTheGoldenReport() throws {
    let (snapshot, directory) = try Self.snapshot(.standard())
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "synthetic")
    if GoldenFiles.updating {
      try rendered.write(to: GoldenFiles.directory.appendingPathComponent("synthetic.md"))
    }
    #expect(rendered.markdown == GoldenFiles.text("synthetic.md"))
    for chart in rendered.charts {
      #expect(chart.contents == GoldenFiles.text(chart.name), "\(chart.name)")
    }
    let goldenCharts = try FileManager.default.contentsOfDirectory(atPath: GoldenFiles.directory.path)
      .filter { $0.hasPrefix("synthetic-") }.sorted()
    #expect(goldenCharts == rendered.charts.map(\.name).sorted())
  }
}

extension MarkdownReportTests {
  /// Mean and 95% half-width by the textbook formulas, with t(0.975, 4) = 2.7764451.
  static func naive(_ values: [Double]) -> (mean: Double, half: Double) {
    precondition(values.count == 5)
    let mean = values.reduce(0, +) / 5
    let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
    return (mean, 2.776_445_1 * sd / 5.0.squareRoot())
  }

  static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

  @Test func numbersInTheReportMatchAnIndependentComputation() throws {
    let log = SyntheticRunLog.standard()
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let markdown = MarkdownReport(snapshot: snapshot).render(fileStem: "synthetic").markdown
    func values(_ strategy: String, _ ablation: String, _ key: String) -> [Double] {
      log.runs.filter {
        $0.status == "complete" && $0.ablation == ablation && $0.parameters.contains { $0.json == "\"\(strategy)\"" }
      }.sorted { $0.seed < $1.seed }.compactMap { $0.scalars[key] }
    }
    for strategy in ["random", "typicality", "hybrid"] {
      let (mean, half) = Self.naive(values(strategy, "base", "final_accuracy"))
      let cell = "\(Self.format(mean * 100, 2)) ± \(Self.format(half * 100, 2))"
      #expect(markdown.contains("| \(strategy) | 5 | \(cell)") || markdown.contains("| \(strategy) | 5 | **\(cell)**"))
    }
    // The verdict: hybrid, its interval, and PASS since the lower bound clears 97.5%.
    let (mean, half) = Self.naive(values("hybrid", "base", "final_accuracy"))
    #expect(mean - half >= 0.975)
    let interval = "\(Self.format(mean * 100, 2))% (95% CI \(Self.format((mean - half) * 100, 2))% to "
    #expect(markdown.contains("- **Accuracy:** " + interval))
    #expect(markdown.contains("**PASS**: `pipeline.strategy=hybrid` reaches the 97.5% target."))
    let efficiency = Self.naive(values("hybrid", "base", "efficiency"))
    #expect(markdown.contains("Efficiency against manual entry at the target:** \(Self.format(efficiency.mean, 2))×"))
    // Ablation: paired by seed against the base runs of hybrid.
    for component in ["no-pca", "no-verify"] {
      let differences = zip(values("hybrid", component, "final_accuracy"), values("hybrid", "base", "final_accuracy"))
        .map { ($0 - $1) * 100 }
      let (mean, half) = Self.naive(differences)
      let sign = mean > 0 ? "+" : ""
      #expect(
        markdown.contains(
          "| `\(component)` | `pipeline.strategy=hybrid` | 5 | \(sign)\(Self.format(mean, 2)) ± "
            + "\(Self.format(half, 2)) |"))
    }
    // random never reaches the target; typicality on two seeds of five.
    #expect(values("random", "base", "efficiency").allSatisfy { $0.isNaN })
    #expect(values("typicality", "base", "efficiency").filter(\.isFinite).count == 2)
    #expect(markdown.contains("| random | 5 | 93.36 ± 0.45 | not reached | not reached | not reached |"))
    #expect(markdown.contains("| typicality | 5 | 97.64 ± 0.45 | reached 2/5 |"))
  }

  @Test func theSameLogGivesByteIdenticalFilesWhereverItLies() throws {
    let log = SyntheticRunLog.standard()
    let (first, directoryA) = try Self.snapshot(log, name: "a.h5")
    let (second, directoryB) = try Self.snapshot(log, name: "elsewhere.h5")
    defer {
      try? FileManager.default.removeItem(at: directoryA)
      try? FileManager.default.removeItem(at: directoryB)
    }
    let outA = directoryA.appendingPathComponent("Reports/run.md")
    let outB = directoryB.appendingPathComponent("out/run.md")
    let writtenA = try MarkdownReport(snapshot: first).render(fileStem: "run").write(to: outA)
    let writtenB = try MarkdownReport(snapshot: second).render(fileStem: "run").write(to: outB)
    #expect(writtenA.map(\.lastPathComponent) == writtenB.map(\.lastPathComponent))
    #expect(writtenA.count == 9)  // the report, 4 charts and 4 CSV files
    for (a, b) in zip(writtenA, writtenB) {
      #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(a.lastPathComponent)")
    }
    // Writing again over the files changes nothing and leaves no temporary files behind.
    try MarkdownReport(snapshot: first).render(fileStem: "run").write(to: outA)
    let names = try FileManager.default.contentsOfDirectory(atPath: outA.deletingLastPathComponent().path).sorted()
    #expect(names == writtenA.map(\.lastPathComponent).sorted())
    #expect(try Data(contentsOf: outA) == Data(contentsOf: outB))
  }

  @Test func straddlingTheTargetIsInconclusiveInTheReport() throws {
    var log = SyntheticRunLog.standard()
    log.runs = (1...5).map {
      SyntheticRunLog.run(strategy: "hybrid", ablation: "", seed: $0, finalLow: 0.965, spread: 0.02)
    }
    let accuracies = log.runs.compactMap { $0.scalars["final_accuracy"] }
    let (mean, half) = Self.naive(accuracies)
    try #require(mean - half < 0.975 && mean + half >= 0.975, "the synthetic values must straddle the target")
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let markdown = MarkdownReport(snapshot: snapshot).render(fileStem: "x").markdown
    #expect(markdown.contains("**INCONCLUSIVE**: `pipeline.strategy=hybrid` may or may not reach the 97.5% target"))
    #expect(markdown.contains("- **Verdict:** INCONCLUSIVE\n"))
  }

  @Test func seedsExactlyAtTheTargetPassAndASingleSeedSaysSo() throws {
    var log = SyntheticRunLog.standard()
    log.runs = (1...4).map {
      var run = SyntheticRunLog.run(strategy: "hybrid", ablation: "", seed: $0, finalLow: 0.98, spread: 0.01)
      run.scalars["final_accuracy"] = 0.975
      return run
    }
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let markdown = MarkdownReport(snapshot: snapshot).render(fileStem: "x").markdown
    #expect(markdown.contains("**PASS**: `pipeline.strategy=hybrid` reaches the 97.5% target."))
    #expect(markdown.contains("97.50% (95% CI 97.50% to 97.50%, 4 seeds)"))

    log.runs = [log.runs[0]]
    log.runs[0].scalars["final_accuracy"] = 0.974_999
    let (single, singleDirectory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: singleDirectory) }
    let text = MarkdownReport(snapshot: single).render(fileStem: "x").markdown
    #expect(text.contains("**FAIL** (single seed): `pipeline.strategy=hybrid` does not reach the 97.5% target."))
    // Printed with enough decimals not to read as the target itself.
    #expect(text.contains("97.4999% (single seed, no interval)"))
  }

  @Test func efficiencyIsNeverClaimedWhenTheTargetWasNotReached() throws {
    var log = SyntheticRunLog.standard()
    log.runs = (1...3).map {
      SyntheticRunLog.run(strategy: "random", ablation: "", seed: $0, finalLow: 0.90, spread: 0.02)
    }
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let markdown = MarkdownReport(snapshot: snapshot).render(fileStem: "x").markdown
    #expect(markdown.contains("**FAIL**: `pipeline.strategy=random` does not reach the 97.5% target."))
    #expect(markdown.contains("at the target:** target not reached (no seed reached 97.5%)"))
    #expect(markdown.contains("no configuration reached the target on every seed, so the highest mean accuracy"))
    #expect(!markdown.contains("n/a"))
  }

  @Test func theLogsTargetIsUsed() throws {
    var log = SyntheticRunLog.standard()
    log.target = 0.99
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "x")
    #expect(rendered.markdown.contains("- **Target:** 99% (from the log's `target`)"))
    #expect(rendered.markdown.contains("**FAIL**"))
    #expect(rendered.charts.first { $0.name == "x-accuracy-labels.svg" }?.contents.contains("target 99%") == true)
  }

  @Test func awkwardNamesAreEscapedInMarkdownAndSVG() throws {
    var log = SyntheticRunLog.standard()
    log.experiment = "a|b <c> & `d`"
    log.runs = (1...2).flatMap { seed in
      ["x|y", "<&>\"'"].map { name in
        var run = SyntheticRunLog.run(strategy: name, ablation: "", seed: seed, finalLow: 0.98, spread: 0.01)
        run.parameters = run.parameters.map {
          $0.key == "pipeline.strategy"
            ? (key: $0.key, json: "\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\"") : $0
        }
        return run
      }
    }
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "x")
    #expect(rendered.markdown.hasPrefix("# a|b \\<c\\> & \\`d\\`\n"))
    #expect(rendered.markdown.contains("| x\\|y | 2 |"))
    #expect(!rendered.charts.isEmpty)
    for chart in rendered.charts where chart.name.hasSuffix(".svg") {
      #expect(try SVGChartTests.parse(chart.contents).root == "svg", "\(chart.name)")
      #expect(chart.contents.contains("&lt;&amp;&gt;&quot;&apos;"))
    }
    // The CSV beside each chart quotes the name with the comma-free but quote-holding value.
    let csv = try #require(rendered.charts.first { $0.name == "x-accuracy-labels.csv" })
    #expect(csv.contents.contains("=<&>\"\"'\",") && csv.contents.contains("x|y,"))
  }
}

extension MarkdownReportTests {
  @Test func twoSweepAxesGiveOneSliceTablePerAxis() throws {
    var log = SyntheticRunLog.standard()
    log.runs = []
    for (strategy, low) in [("hybrid", 0.978), ("random", 0.93)] {
      for k in [16, 64] {
        for seed in 1...3 {
          var run = SyntheticRunLog.run(
            strategy: strategy, ablation: "base", seed: seed, finalLow: low + (k == 64 ? 0.004 : 0), spread: 0.004)
          run.parameters.append((key: "fewshot.k", json: "\(k)"))
          run.sweptKeys.append("fewshot.k")
          log.runs.append(run)
        }
      }
    }
    // An ablation component at a sweep point that has no base runs.
    var orphan = SyntheticRunLog.run(strategy: "typicality", ablation: "no-pca", seed: 1, finalLow: 0.9, spread: 0.01)
    orphan.parameters.append((key: "fewshot.k", json: "16"))
    orphan.sweptKeys.append("fewshot.k")
    log.runs.append(orphan)
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let summary = ExperimentSummary(snapshot: snapshot)
    #expect(summary.axes == ["fewshot.k", "pipeline.strategy"])
    #expect(summary.best?.key.label == "fewshot.k=64, pipeline.strategy=hybrid")
    #expect(
      summary.slice(along: "fewshot.k").map(\.key.label) == [
        "fewshot.k=16, pipeline.strategy=hybrid", "fewshot.k=64, pipeline.strategy=hybrid",
      ])
    #expect(summary.slice(along: "pipeline.strategy").count == 2)
    let markdown = MarkdownReport(summary: summary).render(fileStem: "grid").markdown
    #expect(
      markdown.contains(
        "### By `fewshot.k`\n\nOther swept keys held at the best configuration's values: "
          + "`pipeline.strategy=hybrid`."))
    #expect(
      markdown.contains(
        "### By `pipeline.strategy`\n\nOther swept keys held at the best configuration's values: "
          + "`fewshot.k=64`."))
    #expect(markdown.contains("| 16 | 3 |") && markdown.contains("| 64 | 3 |"))
    #expect(markdown.contains("| `no-pca` | `fewshot.k=16, pipeline.strategy=typicality` | 0 | no base runs |"))
  }

  @Test func kindsWithoutAccuracyReportTheirScoreAndNoVerdict() throws {
    var log = SyntheticRunLog.standard()
    log.kind = "clustering"
    log.runs = (1...3).flatMap { seed in
      ["kmeans", "minibatch"].map { method in
        var run = SyntheticRun(
          parameters: [(key: "clustering.method", json: "\"\(method)\"")], sweptKeys: ["clustering.method"],
          ablation: "", seed: seed)
        run.scalars = ["ari": (method == "kmeans" ? 0.8 : 0.7) + 0.01 * Double(seed), "nmi": 0.9, "wall_seconds": 3]
        return run
      }
    }
    let (snapshot, directory) = try Self.snapshot(log)
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "clusters")
    let markdown = rendered.markdown
    #expect(markdown.contains("No verdict against the target: this `clustering` log has no accuracy"))
    #expect(
      markdown.contains(
        "- **Best configuration:** `clustering.method=kmeans` (the highest mean ARI; ranked among the 2 base "
          + "configurations)"))
    #expect(markdown.contains("- **ARI:** 0.820 (95% CI "))
    #expect(!markdown.contains("- **Verdict:**"))
    #expect(markdown.contains("| kmeans | 3 | **0.820 ± 0.025** | 0.900 ± 0.000 |"))
    #expect(rendered.charts.isEmpty)
    #expect(markdown.contains("The log holds no budget curves or ablation pairs to chart."))
  }

  @Test func aTargetOutsideZeroToOneIsRejected() throws {
    var log = SyntheticRunLog.standard()
    log.target = 97.5
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("percent.h5").path
    try log.write(to: path)
    #expect(
      throws: RunLogError.wrongType(
        file: path, object: "the root group", key: "target", expected: "an accuracy in (0, 1]")
    ) {
      try RunLogSnapshot(path: path)
    }
  }
}
