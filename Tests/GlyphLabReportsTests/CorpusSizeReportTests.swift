import Foundation
import GlyphLabReports
import GlyphLabTestSupport
import Testing

/// The report of a sweep over `dataset.limit` (nested prefixes of one corpus): efficiency
/// and label floors per size, the size where 30× is first reached, and a log-axis chart.
@Suite struct CorpusSizeReportTests {
  /// Three sizes × three seeds of made-up efficiencies (synthetic numbers, not a run).
  static func log() -> SyntheticRunLog {
    var log = SyntheticRunLog()
    let sizes: [(limit: Int, efficiencies: [Double], floor: Double)] = [
      (30_000, [12, 14, 13], 16), (100_000, [28, 33, 31], 46), (300_000, [41, 44, 46], 80),
    ]
    for size in sizes {
      for (index, efficiency) in size.efficiencies.enumerated() {
        log.runs.append(
          SyntheticRun(
            parameters: [("dataset.limit", "\(size.limit)"), ("pipeline.budget", "\"unlimited\"")],
            sweptKeys: ["dataset.limit"], ablation: "", seed: index + 1,
            scalars: [
              "efficiency": efficiency, "final_accuracy": 0.976, "label_floor_efficiency": .infinity,
              "label_floor_efficiency_without_references": size.floor,
            ],
            integers: ["glyphs": size.limit, "total_labels": 1000, "rounds": 4]))
      }
    }
    return log
  }

  /// The 95% interval's lower bound by the textbook formula, t(0.975, 2) = 4.3026527.
  static func lower(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / 3
    let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
    return mean - 4.302_652_7 * sd / 3.0.squareRoot()
  }

  @Test func sizesAreTabulatedAndThe30xSizeIsNamed() throws {
    let (snapshot, directory) = try MarkdownReportTests.snapshot(Self.log(), name: "sizes.h5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "sizes")
    let markdown = rendered.markdown
    let section = try #require(markdown.range(of: "## Efficiency against corpus size")).upperBound
    let text = String(markdown[section...].prefix(3000))
    // 100k's mean (30.67) passes 30× but its interval does not (lower bound below 30); 300k's does.
    #expect(Self.lower([28, 33, 31]) < 30 && Self.lower([41, 44, 46]) >= 30)
    #expect(text.contains("30× is first reached at 300,000 glyphs"), "\(text)")
    #expect(text.contains("its mean first passes it at 100,000 glyphs"), "\(text)")
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| 30,000") || $0.hasPrefix("| 100,000") }
    #expect(rows.count == 2 && rows[0].contains("| none |") && rows[0].contains("16.0"), "\(rows)")
    let chart = try #require(rendered.charts.first { $0.name == "sizes-efficiency-size.svg" })
    #expect(chart.contents.contains(">30k<") && chart.contents.contains(">100k<") && chart.contents.contains(">300k<"))
    #expect(chart.contents.contains("log scale"))
  }

  @Test func logarithmicTicksSitAtOneAndThreeTimesPowersOfTen() {
    let ticks = ChartTicks(logarithmicFrom: 30_000, to: 1_000_000)
    #expect(ticks.values.map { ticks.label($0) } == ["30k", "100k", "300k", "1M"])
    let wide = ChartTicks(logarithmicFrom: 5, to: 2_000_000)
    #expect(wide.values.map { wide.label($0) } == ["1", "10", "100", "1k", "10k", "100k", "1M", "10M"])
  }
}
