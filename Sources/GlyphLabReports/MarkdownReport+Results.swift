extension MarkdownReport {
  func resultsSection() -> String {
    var text = "## Results\n\n"
    guard !summary.configurations.isEmpty else { return text + "No complete runs, so no results.\n" }
    text += "Cells are the mean ± the 95% confidence half-width over seeds (Student t); **bold** marks the best "
    text += "mean of a column. \"not reached\": no seed reached the target; \"reached k/n\": only k of n seeds did, "
    text += "so no mean is given. Costs are in \(cost.name).\n"
    let metrics = summary.headlineMetrics
    if let best = summary.best {
      for axis in summary.axes {
        let slice = summary.slice(along: axis)
        guard !slice.isEmpty else { continue }
        text += "\n### By \(Markdown.code(axis))\n\n"
        let others = best.key.sweep.filter { $0.key != axis }
        if !others.isEmpty {
          let held = others.map { Markdown.code("\($0.key)=\($0.value.text)") }.joined(separator: ", ")
          text += "Other swept keys held at the best configuration's values: \(held).\n\n"
        }
        text += configurationTable(
          slice, firstColumn: Markdown.text(axis),
          label: { Markdown.text($0.key.value(of: axis)?.text ?? "(not set)") }, metrics: metrics)
      }
    }
    text += ablationTable()
    text += "\n### All configurations\n\n"
    let constants = constantMetrics
    let main = metrics.filter { metric in !constants.contains { $0.metric == metric } }
    text += "Every configuration with complete runs and the key metrics; every other metric the log holds is in "
    text += "the appendix.\n\n"
    text += configurationTable(
      summary.configurations, firstColumn: "configuration", label: { Markdown.code($0.key.label) }, metrics: main)
    text += constantsLine(constants.filter { metrics.contains($0.metric) })
    text += duplicateSeedNotes()
    return text
  }

  /// Metrics whose value is the same in every complete run (at least two runs), with that
  /// value as shown: they go to one line under a table instead of a column.
  var constantMetrics: [(metric: ReportMetric, value: String)] {
    let runs = summary.configurations.flatMap(\.runs)
    guard runs.count >= 2 else { return [] }
    return summary.tableMetrics.compactMap { metric in
      let values = runs.map { $0.scalars[metric.key] }
      guard let first = values.first ?? nil else { return nil }
      let same = values.allSatisfy { value in
        guard let value else { return false }
        return value == first || (value.isNaN && first.isNaN)
      }
      guard same else { return nil }
      if first.isNaN { return (metric, metric.nanMeansNotReached ? "not reached" : "n/a") }
      return (
        metric, ReportFormat.value(first, metric.unit, cost: cost) + ReportFormat.unitSuffix(metric.unit, cost: cost)
      )
    }
  }

  /// "Constant in every run: …", or nothing.
  func constantsLine(_ constants: [(metric: ReportMetric, value: String)]) -> String {
    guard !constants.isEmpty else { return "" }
    let items = constants.map { "\(Markdown.text($0.metric.title)) \($0.value)" }
    return "\nThe same in every run (so not a column): \(items.joined(separator: "; ")).\n"
  }

  /// The appendix: every metric that is neither a key metric nor constant.
  func appendixSection() -> String {
    let constants = constantMetrics
    let key = Set(summary.headlineMetrics.map(\.key))
    let rest = summary.tableMetrics.filter { metric in
      !key.contains(metric.key) && !constants.contains { $0.metric == metric }
    }
    let restConstants = constants.filter { !key.contains($0.metric.key) }
    guard !summary.configurations.isEmpty, !rest.isEmpty || !restConstants.isEmpty else { return "" }
    var text = "## Appendix: every other metric\n\n"
    text += "Mean ± 95% confidence half-width over seeds, as in the results.\n\n"
    if !rest.isEmpty {
      text += configurationTable(
        summary.configurations, firstColumn: "configuration", label: { Markdown.code($0.key.label) }, metrics: rest)
    }
    text += constantsLine(restConstants)
    return text
  }

  /// A table of `configurations` × `metrics`, with the best mean of each column in bold.
  func configurationTable(
    _ configurations: [RunConfiguration], firstColumn: String, label: (RunConfiguration) -> String,
    metrics: [ReportMetric]
  ) -> String {
    let header =
      [firstColumn, "seeds"]
      + metrics.map { Markdown.text($0.title) + ReportFormat.unitSuffix($0.unit, cost: cost) }
    var rows = configurations.map { [label($0), "\($0.runs.count)"] }
    for metric in metrics {
      let summaries = configurations.map { $0.summary(of: metric.key) }
      let best = ReportFormat.best(summaries.map(\.estimate), metric.direction)
      for (index, item) in summaries.enumerated() {
        let cell = ReportFormat.cell(item, metric, cost: cost)
        rows[index].append(best.contains(index) ? "**\(cell)**" : cell)
      }
    }
    return Markdown.table(header: header, rows: rows)
  }

  func ablationTable() -> String {
    guard !summary.ablations.isEmpty else { return "" }
    let metrics = summary.headlineMetrics
    var text = "\n### Ablation\n\n"
    text += "Each component's effect is the paired difference (runs with the component switched − base runs "
    text += "at the same sweep point), matched by seed: mean ± the 95% confidence half-width over the pairs. "
    text += "**Bold**: the interval excludes zero. Accuracy differences are in percentage points.\n\n"
    let header =
      ["component", "at", "pairs"]
      + metrics.map { "Δ " + Markdown.text($0.title) + ReportFormat.unitSuffix($0.unit, cost: cost, difference: true) }
    var rows: [[String]] = []
    var notes: [String] = []
    for effect in summary.ablations {
      var row = [Markdown.code(effect.component.ablation), Markdown.code(effect.component.sweepLabel)]
      guard effect.base != nil else {
        rows.append(row + ["0"] + metrics.map { _ in "no base runs" })
        continue
      }
      let pairs = effect.differences.values.map(\.pairedSeeds.count).max() ?? 0
      row.append("\(pairs)")
      for metric in metrics {
        let difference = effect.differences[metric.key]
        let cell = ReportFormat.cell(difference, metric, cost: cost)
        row.append(difference?.estimate?.excludes(0) == true ? "**\(cell)**" : cell)
      }
      rows.append(row)
      if let any = effect.differences["final_accuracy"] ?? effect.differences.values.first {
        let name = Markdown.code(effect.component.ablation)
        if !any.onlyInBase.isEmpty {
          notes.append("\(name): seeds \(seedList(any.onlyInBase)) have base runs only and are not paired.")
        }
        if !any.onlyInOther.isEmpty {
          notes.append("\(name): seeds \(seedList(any.onlyInOther)) have no base run and are not paired.")
        }
      }
    }
    text += Markdown.table(header: header, rows: rows, leftColumns: 2)
    if !notes.isEmpty { text += "\n" + notes.map { "- \($0)\n" }.joined() }
    return text
  }

  func duplicateSeedNotes() -> String {
    let notes = summary.configurations.filter { !$0.duplicateSeeds.isEmpty }.map {
      "- \(Markdown.code($0.key.label)): more than one complete run with seed \(seedList($0.duplicateSeeds)); "
        + "all count in the means, and the first by run id stands for the seed in paired differences.\n"
    }
    return notes.isEmpty ? "" : "\n" + notes.joined()
  }

  func seedList(_ seeds: [Int]) -> String { seeds.map(String.init).joined(separator: ", ") }
}
