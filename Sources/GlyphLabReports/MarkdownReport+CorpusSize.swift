import Foundation

extension MarkdownReport {
  /// One corpus size of a sweep over `dataset.limit` (nested prefixes of one corpus).
  struct CorpusSize {
    var glyphs: Double
    var configuration: RunConfiguration
  }

  /// The base configurations of a sweep over `dataset.limit`, by their glyph count (the
  /// runs' `glyphs`), smallest first; empty unless there are at least two sizes.
  var corpusSizes: [CorpusSize] {
    let sizes = summary.baseConfigurations.compactMap { configuration -> CorpusSize? in
      guard configuration.key.value(of: "dataset.limit") != nil,
        let glyphs = configuration.runs.compactMap({ $0.scalars["glyphs"] }).first
      else { return nil }
      return CorpusSize(glyphs: glyphs, configuration: configuration)
    }
    return sizes.count >= 2 ? sizes.sorted { $0.glyphs < $1.glyphs } : []
  }

  /// "Efficiency against corpus size": per size, the efficiency at the target over seeds
  /// beside the label floors, and the smallest size at which 30× is reached.
  func corpusSizeSection() -> String {
    let sizes = corpusSizes
    guard !sizes.isEmpty else { return "" }
    let target = ReportFormat.targetPercent(snapshot.target)
    let efficiency = ReportMetric.named("efficiency")
    let floor = ReportMetric.named("label_floor_efficiency")
    let accuracy = ReportMetric.named("final_accuracy")
    var text = "## Efficiency against corpus size\n\n"
    text += "The same pipeline on nested prefixes of one corpus (`dataset.limit`): efficiency is manual-entry cost ÷ "
    text += "the cost at which a run first reached \(target); \"reached\" counts the seeds that did. The label "
    text += "floor is the best efficiency the prefix allows (one typed label per class that must be typed; "
    text += "\"none\" when references cover every class), and the floor without references is the one a pipeline "
    text += "that has none would face.\n\n"
    func floorCell(_ configuration: RunConfiguration, _ key: String) -> String {
      let values = configuration.runs.compactMap { $0.scalars[key] }
      if values.isEmpty { return "—" }
      if values.allSatisfy({ $0 == .infinity }) { return "none" }
      return ReportFormat.cell(configuration.summary(of: key), floor, cost: cost)
    }
    let rows = sizes.map { size -> [String] in
      let runs = size.configuration.runs
      let reached = runs.filter { ($0.scalars["efficiency"] ?? .nan).isFinite }.count
      return [
        ReportFormat.grouped(size.glyphs), "\(runs.count)", "\(reached)/\(runs.count)",
        ReportFormat.cell(size.configuration.summary(of: "efficiency"), efficiency, cost: cost),
        floorCell(size.configuration, "label_floor_efficiency"),
        floorCell(size.configuration, "label_floor_efficiency_without_references"),
        ReportFormat.cell(size.configuration.summary(of: "final_accuracy"), accuracy, cost: cost),
        size.configuration.summary(of: "total_labels").estimate.map { ReportFormat.grouped($0.mean) } ?? "—",
        size.configuration.summary(of: "rounds").estimate.map { ReportFormat.fixed($0.mean, 1) } ?? "—",
      ]
    }
    text += Markdown.table(
      header: [
        "glyphs", "seeds", "reached", "efficiency (×)", "label floor (×)", "floor without references (×)",
        "final accuracy (%)", "labels", "rounds",
      ], rows: rows)
    let goal = 30.0
    let byLower = sizes.first { ($0.configuration.summary(of: "efficiency").estimate?.lower ?? -.infinity) >= goal }
    let byMean = sizes.first { ($0.configuration.summary(of: "efficiency").estimate?.mean ?? -.infinity) >= goal }
    text += "\n"
    if let byLower {
      text += "**\(ReportFormat.fixed(goal, 0))× is first reached at \(ReportFormat.grouped(byLower.glyphs)) glyphs** "
      text += "(the smallest size whose efficiency's 95% confidence interval lies at or above it"
      if let byMean, byMean.glyphs < byLower.glyphs {
        text += "; its mean first passes it at \(ReportFormat.grouped(byMean.glyphs)) glyphs"
      }
      text += ").\n"
    } else if let byMean {
      text += "The mean efficiency first passes \(ReportFormat.fixed(goal, 0))× at "
      text += "\(ReportFormat.grouped(byMean.glyphs)) glyphs, but no size's confidence interval lies above it.\n"
    } else {
      text += "No size reaches \(ReportFormat.fixed(goal, 0))× (on the mean over its seeds that completed).\n"
    }
    return text
  }

  /// Efficiency and the label floors against corpus size, on a log axis.
  func corpusSizeChart(fileStem: String) -> Chart? {
    let sizes = corpusSizes
    guard !sizes.isEmpty else { return nil }
    func series(_ name: String, _ key: String) -> ChartSeries? {
      let points = sizes.compactMap { size -> (Double, Estimate)? in
        size.configuration.summary(of: key).estimate.map { (size.glyphs, $0) }
      }
      guard !points.isEmpty else { return nil }
      return ChartSeries(
        name: name, x: points.map(\.0), y: points.map(\.1.mean), lower: points.map(\.1.lower),
        upper: points.map(\.1.upper))
    }
    let lines = [
      series("efficiency at the target", "efficiency"), series("label floor", "label_floor_efficiency"),
      series("label floor without references", "label_floor_efficiency_without_references"),
    ].compactMap { $0 }
    guard !lines.isEmpty else { return nil }
    let title = "Efficiency against corpus size"
    let svg = SVGChart.lineChart(
      title: title, xLabel: "Glyphs in the corpus (log scale)", yLabel: "Efficiency (×)", series: lines,
      reference: ChartReferenceLine(value: 30, label: "30×"), note: "shaded: 95% CI over seeds", xLogarithmic: true)
    let name = "\(fileStem)-efficiency-size"
    return Chart(
      file: ReportFile(name: "\(name).svg", contents: svg), caption: title,
      data: ReportFile(name: "\(name).csv", contents: SVGChart.csv(lines, xName: "glyphs", yName: "efficiency")))
  }
}
