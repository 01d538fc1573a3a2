extension MarkdownReport {
  func effortSection() -> String {
    // Every configuration that records a floor, ablations included; references that cover
    // every class make the floor infinite (nothing must be typed), which is recorded as such.
    let floors = summary.configurations.filter { configuration in
      configuration.runs.contains { $0.scalars["label_floor_efficiency"] != nil }
    }
    let sensitivities = summary.baseConfigurations.compactMap { configuration in
      CostSensitivity(configuration: configuration, target: snapshot.target).map { (configuration, $0) }
    }
    guard !floors.isEmpty || !sensitivities.isEmpty else { return "" }
    var text = "## Effort against the label floor and other typing costs\n\n"
    let target = ReportFormat.targetPercent(snapshot.target)
    if floors.isEmpty {
      text += "The log records no label floor (`label_floor_efficiency`; logs written before it was added).\n\n"
    } else {
      text += "The label floor is the corpus's best possible efficiency at the \(target) target: one typed label "
      text += "per class, with the unlabelled (smallest) classes holding at most 1 − target of the glyphs, and "
      text += "everything else free and right. \"Share of the floor\" is the configuration's efficiency ÷ the "
      text += "floor's. Classes that references label need no typed label, so with references covering every "
      text += "class there is no floor (\"none\"); the floor a pipeline without references would have is shown "
      text += "beside it.\n\n"
      let efficiency = ReportMetric.named("efficiency")
      let floor = ReportMetric.named("label_floor_efficiency")
      func floorCell(_ configuration: RunConfiguration, _ key: String) -> String {
        let values = configuration.runs.compactMap { $0.scalars[key] }
        if values.isEmpty { return "—" }
        if values.allSatisfy({ $0 == .infinity }) { return "none (references cover every class)" }
        return ReportFormat.cell(configuration.summary(of: key), floor, cost: cost)
      }
      let rows = floors.map { configuration -> [String] in
        let e = configuration.summary(of: "efficiency")
        let f = configuration.summary(of: "label_floor_efficiency")
        let typed = configuration.summary(of: "label_floor_typed_classes").estimate
        var share = "—"
        if let em = e.estimate?.mean, let fm = f.estimate?.mean, fm.isFinite, fm > 0 {
          share = ReportFormat.fixed(em / fm * 100, 1)
        }
        return [
          Markdown.code(configuration.key.label), ReportFormat.cell(e, efficiency, cost: cost),
          floorCell(configuration, "label_floor_efficiency"), typed.map { ReportFormat.grouped($0.mean) } ?? "—",
          share, floorCell(configuration, "label_floor_efficiency_without_references"),
        ]
      }
      text += Markdown.table(
        header: [
          "configuration", "efficiency (×)", "label floor (×)", "classes typed at the floor", "share of the floor (%)",
          "floor without references (×)",
        ],
        rows: rows)
      text += "\n"
    }
    guard !sensitivities.isEmpty else { return text }
    text += "### Cost-model sensitivity\n\n"
    text += "Efficiency and accuracy at the budget recomputed from the logged per-round action counts under other "
    text += "typing costs: each typed label (typed outright, or after rejecting a suggestion) is re-priced, and "
    text += "manual entry (and a `manual/N` budget) scales with the typing cost. The people's choices stay as "
    text += "logged, so this re-prices the same work; it does not rerun the pipeline. "
    text += "\(ReportFormat.fixed(CostSensitivity.publishedTypeSeconds, 1)) s is the published baseline of 1,000 "
    text += "characters per 8-hour expert-day. \"≥\": on k seeds the run stopped on its logged budget before the "
    text += "recomputed one was spent, so the accuracy there is a lower bound.\n\n"
    let efficiency = ReportMetric.named("efficiency")
    let accuracy = ReportMetric.named("final_accuracy")
    func accuracyCell(_ point: CostSensitivity.Point) -> String {
      let cell = ReportFormat.cell(point.accuracyAtBudget, accuracy, cost: cost)
      return point.lowerBounds > 0 ? "≥ \(cell) (\(point.lowerBounds) seed\(point.lowerBounds == 1 ? "" : "s"))" : cell
    }
    let (bestConfiguration, best) =
      sensitivities.first { $0.0.key == summary.best?.key } ?? sensitivities[0]
    text += "For \(Markdown.code(bestConfiguration.key.label)):\n\n"
    let rows = best.points.map { point -> [String] in
      var label = ReportFormat.fixed(point.typeSeconds, 1)
      if point.typeSeconds == best.loggedTypeSeconds { label += " (logged)" }
      if point.typeSeconds == CostSensitivity.publishedTypeSeconds { label += " (published baseline)" }
      return [label, ReportFormat.cell(point.efficiency, efficiency, cost: cost), accuracyCell(point)]
    }
    text += Markdown.table(header: ["typing cost (s)", "efficiency (×)", "accuracy at the budget (%)"], rows: rows)
    if sensitivities.count > 1 {
      text += "\nEvery base configuration at the published baseline "
      text += "(\(ReportFormat.fixed(CostSensitivity.publishedTypeSeconds, 1)) s per character):\n\n"
      let rows = sensitivities.map { configuration, sensitivity -> [String] in
        let point = sensitivity.points.first { $0.typeSeconds == CostSensitivity.publishedTypeSeconds }
        return [
          Markdown.code(configuration.key.label),
          point.map { ReportFormat.cell($0.efficiency, efficiency, cost: cost) } ?? "—",
          point.map(accuracyCell) ?? "—",
        ]
      }
      text += Markdown.table(header: ["configuration", "efficiency (×)", "accuracy at the budget (%)"], rows: rows)
    }
    let inexact = sensitivities.map(\.1.inexactRuns).reduce(0, +)
    if inexact > 0 {
      text += "\n\(inexact) run\(inexact == 1 ? "" : "s") used grids (`pipeline.verify_clusters`): a label typed "
      text += "inside a grid is not counted separately in the log, so it keeps its logged price there.\n"
    }
    return text
  }
}
