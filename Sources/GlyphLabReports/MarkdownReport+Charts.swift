extension MarkdownReport {
  /// A chart file and how the report introduces it.
  struct Chart {
    var file: ReportFile
    var caption: String
    /// The chart's data as CSV, written beside the SVG.
    var data: ReportFile
  }

  /// The budget every complete run had, in seconds, if they share one.
  var sharedBudget: Double? {
    let budgets = Set(snapshot.runs.filter(\.isComplete).compactMap { $0.scalars["budget_seconds"] }.filter(\.isFinite))
    return budgets.count == 1 ? budgets.first : nil
  }

  func chartFiles(fileStem: String) -> [Chart] {
    var charts: [Chart] = []
    let target = snapshot.target
    let reference = ChartReferenceLine(value: target * 100, label: "target \(ReportFormat.targetPercent(target))")
    for (axis, xTitle, scale) in [
      ("labels", "Labels (glyphs settled by people)", 1.0),
      ("cost", "Annotation cost (\(cost.rawValue))", cost.seconds),
    ] {
      let series = Self.curveSeries(summary.configurations, axis: axis, scale: scale, prefix: "")
      guard !series.isEmpty else { continue }
      let title = "Accuracy against \(axis == "labels" ? "labels" : "annotation cost")"
      let budget = axis == "cost" ? sharedBudget.map { ChartReferenceLine(value: $0 / scale, label: "budget") } : nil
      let svg = SVGChart.lineChart(
        title: title, xLabel: xTitle, yLabel: "Accuracy (%)", series: series, reference: reference, vertical: budget,
        yLimits: 0...100, note: "shaded: 95% CI over seeds")
      let name = "\(fileStem)-accuracy-\(axis)"
      let xName = axis == "labels" ? "labels" : "cost_\(cost.rawValue)"
      charts.append(
        Chart(
          file: ReportFile(name: "\(name).svg", contents: svg), caption: title,
          data: ReportFile(name: "\(name).csv", contents: SVGChart.csv(series, xName: xName, yName: "accuracy_percent"))
        ))
    }
    if let sizes = corpusSizeChart(fileStem: fileStem) { charts.append(sizes) }
    let chartKeys = summary.headlineMetrics.map(\.key).filter(ReportMetric.ablationChartKeys.contains)
    let points = Set(summary.ablations.map(\.component.sweepLabel))
    for key in chartKeys {
      let metric = ReportMetric.named(key)
      let scale = ReportFormat.scale(metric.unit, cost: cost)
      let bars = summary.ablations.compactMap { effect -> ChartBar? in
        guard let estimate = effect.differences[key]?.estimate else { return nil }
        let label = effect.component.ablation + (points.count > 1 ? " @ " + effect.component.sweepLabel : "")
        let annotation = ReportFormat.cell(effect.differences[key], metric, cost: cost)
        return ChartBar(
          label: label, value: estimate.mean * scale, lower: estimate.halfWidth.map { _ in estimate.lower * scale },
          upper: estimate.halfWidth.map { _ in estimate.upper * scale }, annotation: annotation)
      }
      guard !bars.isEmpty else { continue }
      let unit = ReportFormat.unitSuffix(metric.unit, cost: cost, difference: true)
      let title = "Ablation: change in \(metric.titleInSentence)"
      let svg = SVGChart.barChart(
        title: title, valueLabel: "Δ \(metric.title)\(unit), component − base, 95% CI over seed pairs", bars: bars)
      let name = "\(fileStem)-ablation-\(key.replacingOccurrences(of: "_", with: "-"))"
      charts.append(
        Chart(
          file: ReportFile(name: "\(name).svg", contents: svg), caption: title,
          data: ReportFile(name: "\(name).csv", contents: SVGChart.csv(bars, valueName: "difference_\(key)"))))
    }
    return charts
  }

  /// One budget-curve series per configuration (base and ablation variants alike), named by
  /// its label after `prefix`.
  static func curveSeries(
    _ configurations: [RunConfiguration], axis: String, scale: Double, prefix: String
  ) -> [ChartSeries] {
    configurations.compactMap { configuration -> ChartSeries? in
      guard let band = CurveBand(runs: configuration.runs, xKey: axis, yKey: "accuracy", xScale: scale, yScale: 100)
      else { return nil }
      let key = configuration.key
      var name = prefix + key.sweepLabel
      if configurations.contains(where: { !$0.key.isBase }) {
        name = prefix + (key.isBase ? "base: \(key.sweepLabel)" : "ablation \(key.ablation): \(key.sweepLabel)")
      }
      if band.seedCount == 1 { name += " (1 seed)" }
      return ChartSeries(name: name, x: band.x, y: band.mean, lower: band.lower, upper: band.upper)
    }
  }

  func chartsSection(_ charts: [Chart]) -> String {
    var text = "## Charts\n\n"
    guard !charts.isEmpty else { return text + "The log holds no budget curves or ablation pairs to chart.\n" }
    if charts.contains(where: { $0.file.name.contains("-accuracy-") }) {
      text += "Budget curves: the mean accuracy over seeds of every configuration (base and ablation variants) "
      text += "against people's effort, with its 95% confidence band; seeds are read on a common grid and hold "
      text += "their last value after their last round. The dashed line is the target"
      text += sharedBudget == nil ? ".\n\n" : "; the dotted vertical line on the cost axis is the budget.\n\n"
    }
    text += "Each chart's data is in the CSV file of the same name beside it.\n\n"
    for chart in charts {
      text += "![\(Markdown.text(chart.caption))](\(Markdown.link(chart.file.name)))\n\n"
      text += "Data: [\(Markdown.text(chart.data.name))](\(Markdown.link(chart.data.name)))\n\n"
    }
    text.removeLast()
    return text
  }
}
