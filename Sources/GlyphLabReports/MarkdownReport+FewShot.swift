import Foundation

/// The `fewshot` kind's sections: a method table per configuration, paired differences
/// against the best method on the same episodes, and accuracy against shots when shots are
/// swept. Everything comes from the log's `episodes/<method>` series and the runs' scalars.
extension MarkdownReport {
  /// The methods of `runs`, in the order the first run lists them (its `methods` text),
  /// then any others by name.
  func fewShotMethods(_ runs: [RunRecord]) -> [String] {
    var order = runs.first?.texts["methods"]?.split(separator: ",").map(String.init) ?? []
    for name in Set(runs.flatMap(\.episodes.keys)).sorted() where !order.contains(name) { order.append(name) }
    return order.filter { name in runs.contains { $0.episodes[name] != nil } }
  }

  /// Every episode accuracy of `method` over the runs (seeds), pooled.
  func pooledEpisodes(_ runs: [RunRecord], _ method: String) -> [Double] {
    runs.sorted { $0.seed < $1.seed }.flatMap { $0.episodes[method] ?? [] }
  }

  /// Episode-by-episode differences `a − b` within each run (the same episodes), pooled.
  func pairedEpisodeDifferences(_ runs: [RunRecord], _ a: String, _ b: String) -> [Double] {
    runs.sorted { $0.seed < $1.seed }.flatMap { run -> [Double] in
      guard let x = run.episodes[a], let y = run.episodes[b], x.count == y.count else { return [] }
      return zip(x, y).map { $0 - $1 }
    }
  }

  static func percentCell(_ estimate: Estimate?, signed: Bool = false) -> String {
    guard let estimate else { return "—" }
    let mean = signed ? ReportFormat.signed(100 * estimate.mean, 2) : ReportFormat.fixed(100 * estimate.mean, 2)
    guard let half = estimate.halfWidth else { return mean }
    return "\(mean) ± \(ReportFormat.fixed(100 * half, 2))"
  }

  func fewShotSection() -> String {
    var text = "## Few-shot results\n\n"
    let configurations = summary.baseConfigurations
    guard !configurations.isEmpty else { return text + "No complete runs, so no results.\n" }
    text += "Every method of a configuration ran on exactly the same episodes (drawn once per seed). Accuracy is "
    text += "the mean query accuracy over all episodes of all seeds, ± the 95% confidence half-width over "
    text += "episodes (Student t); queries/s is each method's own fit-and-predict rate on one thread, the mean "
    text += "over seeds.\n\n### Methods by configuration\n\n"
    let methods = fewShotMethods(configurations.flatMap(\.runs))
    let header = ["configuration", "episodes"] + methods.map { Markdown.code($0) }
    var rows: [[String]] = []
    for configuration in configurations {
      let estimates = methods.map { Estimate(values: pooledEpisodes(configuration.runs, $0)) }
      let best = estimates.compactMap { $0?.mean }.max()
      let count = configuration.runs.map { $0.episodes.values.first?.count ?? 0 }.reduce(0, +)
      rows.append(
        [Markdown.code(configuration.key.label), "\(count)"]
          + estimates.map { estimate in
            let cell = Self.percentCell(estimate)
            return estimate?.mean == best && best != nil ? "**\(cell)**" : cell
          })
    }
    text += "Accuracy (%); **bold**: the best method of the row.\n\n"
    text += Markdown.table(header: header, rows: rows)
    text += "\n### Paired differences against the best method\n\n"
    text += "For each configuration, every method's accuracy minus the best method's, episode by episode on the "
    text += "same episodes (percentage points, mean ± 95% half-width over episodes). **Bold**: the interval "
    text += "excludes zero, so the best method is reliably better.\n\n"
    var pairRows: [[String]] = []
    for configuration in configurations {
      let estimates = methods.map { ($0, Estimate(values: pooledEpisodes(configuration.runs, $0))) }
      guard let best = estimates.max(by: { ($0.1?.mean ?? -1) < ($1.1?.mean ?? -1) })?.0 else { continue }
      var row = [Markdown.code(configuration.key.label), Markdown.code(best)]
      for method in methods {
        if method == best {
          row.append("0")
          continue
        }
        let estimate = Estimate(values: pairedEpisodeDifferences(configuration.runs, method, best))
        let cell = Self.percentCell(estimate, signed: true)
        row.append(estimate.map { $0.upper < 0 || $0.lower > 0 } == true ? "**\(cell)**" : cell)
      }
      pairRows.append(row)
    }
    text += Markdown.table(header: ["configuration", "best"] + methods.map { Markdown.code($0) }, rows: pairRows)
    text += "\n### Throughput\n\n"
    var rateRows: [[String]] = []
    for configuration in configurations {
      var row = [Markdown.code(configuration.key.label)]
      for method in methods {
        let rates = configuration.runs.compactMap { $0.scalars["throughput_\(method)"] }.filter(\.isFinite)
        row.append(rates.isEmpty ? "—" : ReportFormat.grouped(rates.reduce(0, +) / Double(rates.count)))
      }
      rateRows.append(row)
    }
    text += "Queries classified per second (support fitting included).\n\n"
    text += Markdown.table(header: ["configuration"] + methods.map { Markdown.code($0) }, rows: rateRows)
    return text
  }

  /// Accuracy against shots, one chart per combination of the other swept keys, one line
  /// per method; only when `fewshot.shots` is swept over two or more values.
  func fewShotCharts(fileStem: String) -> [Chart] {
    let axis = "fewshot.shots"
    let configurations = summary.baseConfigurations
    let shots = Set(configurations.compactMap { $0.key.value(of: axis)?.text }).compactMap(Double.init).sorted()
    guard shots.count >= 2 else { return [] }
    let groups = Dictionary(grouping: configurations) { configuration in
      configuration.key.sweep.filter { $0.key != axis }.map { "\($0.key)=\($0.value.text)" }.joined(separator: ", ")
    }
    var charts: [Chart] = []
    for (index, label) in groups.keys.sorted().enumerated() {
      let members = (groups[label] ?? []).sorted {
        (Double($0.key.value(of: axis)?.text ?? "") ?? 0) < (Double($1.key.value(of: axis)?.text ?? "") ?? 0)
      }
      let methods = fewShotMethods(members.flatMap(\.runs))
      let series = methods.map { method -> ChartSeries in
        var x: [Double] = []
        var y: [Double] = []
        var lower: [Double] = []
        var upper: [Double] = []
        for configuration in members {
          guard let k = Double(configuration.key.value(of: axis)?.text ?? ""),
            let estimate = Estimate(values: pooledEpisodes(configuration.runs, method))
          else { continue }
          x.append(k)
          y.append(100 * estimate.mean)
          lower.append(100 * estimate.lower)
          upper.append(100 * estimate.upper)
        }
        return ChartSeries(name: method, x: x, y: y, lower: lower, upper: upper)
      }
      let title = "Accuracy against shots" + (label.isEmpty ? "" : " (\(label))")
      let svg = SVGChart.lineChart(
        title: title, xLabel: "Shots (support glyphs per class)", yLabel: "Accuracy (%)", series: series,
        yLimits: 0...100, note: "shaded: 95% CI over episodes")
      let name = "\(fileStem)-accuracy-shots-\(index + 1)"
      charts.append(
        Chart(
          file: ReportFile(name: "\(name).svg", contents: svg), caption: title,
          data: ReportFile(
            name: "\(name).csv", contents: SVGChart.csv(series, xName: "shots", yName: "accuracy_percent"))))
    }
    return charts
  }

  /// Where the glyphs came from, from the runs' `dataset_name` and `dataset_source` (the
  /// dataset file's own attributes), and the spec's description.
  func dataSection() -> String {
    let runs = snapshot.runs.filter(\.isComplete)
    let sources = Set(
      runs.compactMap { run -> String? in
        guard let name = run.texts["dataset_name"] else { return nil }
        return "\(Markdown.code(name)): \(Markdown.text(run.texts["dataset_source"] ?? "source not recorded"))"
      }
    ).sorted()
    guard !sources.isEmpty else { return "" }
    var text = "## Data\n\n"
    text += "The runs read " + sources.joined(separator: "; ") + " (the dataset file's `name` and `source` "
    text += "attributes, as logged by each run).\n"
    return text
  }
}
