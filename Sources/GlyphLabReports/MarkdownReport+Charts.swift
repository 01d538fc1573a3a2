extension MarkdownReport {
  /// A chart file and how the report introduces it.
  struct Chart {
    var file: ReportFile
    var caption: String
  }

  func chartFiles(fileStem: String) -> [Chart] {
    var charts: [Chart] = []
    let target = snapshot.target
    let reference = ChartReferenceLine(value: target * 100, label: "target \(ReportFormat.targetPercent(target))")
    for (axis, xTitle, scale) in [
      ("labels", "Labels (glyphs settled by people)", 1.0),
      ("cost", "Annotation cost (\(cost.rawValue))", cost.seconds),
    ] {
      let series = summary.baseConfigurations.compactMap { configuration -> ChartSeries? in
        guard let band = CurveBand(runs: configuration.runs, xKey: axis, yKey: "accuracy", xScale: scale, yScale: 100)
        else { return nil }
        let name = configuration.key.sweepLabel + (band.seedCount == 1 ? " (1 seed)" : "")
        return ChartSeries(name: name, x: band.x, y: band.mean, lower: band.lower, upper: band.upper)
      }
      guard !series.isEmpty else { continue }
      let title = "Accuracy against \(axis == "labels" ? "labels" : "annotation cost")"
      let svg = SVGChart.lineChart(
        title: title, xLabel: xTitle, yLabel: "Accuracy (%)", series: series, reference: reference,
        yLimits: 0...100, note: "shaded: 95% CI over seeds")
      charts.append(Chart(file: ReportFile(name: "\(fileStem)-accuracy-\(axis).svg", contents: svg), caption: title))
    }
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
      let name = "\(fileStem)-ablation-\(key.replacingOccurrences(of: "_", with: "-")).svg"
      charts.append(Chart(file: ReportFile(name: name, contents: svg), caption: title))
    }
    return charts
  }

  func chartsSection(_ charts: [Chart]) -> String {
    var text = "## Charts\n\n"
    guard !charts.isEmpty else { return text + "The log holds no budget curves or ablation pairs to chart.\n" }
    if charts.contains(where: { $0.file.name.contains("-accuracy-") }) {
      text += "Budget curves: the mean accuracy over seeds of each base configuration against people's effort, "
      text += "with its 95% confidence band; seeds are read on a common grid and hold their last value after "
      text += "their last round. The dashed line is the target.\n\n"
    }
    for chart in charts {
      text += "![\(Markdown.text(chart.caption))](\(Markdown.link(chart.file.name)))\n\n"
    }
    text.removeLast()
    return text
  }
}
