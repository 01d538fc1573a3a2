extension MarkdownReport {
  /// The configuration the per-glyph analyses describe: the best, else the first base
  /// configuration whose runs logged predictions.
  var analysedConfiguration: (RunConfiguration, GlyphAnalysis)? {
    let candidates = (summary.best.map { [$0] } ?? []) + summary.baseConfigurations + summary.configurations
    for configuration in candidates {
      if let analysis = GlyphAnalysis(configuration: configuration, snapshot: snapshot) {
        return (configuration, analysis)
      }
    }
    return nil
  }

  /// The contact sheet of errors, when the analysed configuration logged error images.
  func errorSheet(
    fileStem: String, analysed: (RunConfiguration, GlyphAnalysis)?
  ) -> (file: ReportFile, sheet: ErrorSheet, run: RunRecord)? {
    guard let (_, analysis) = analysed else { return nil }
    for run in analysis.runs.sorted(by: { ($0.seed, $0.id) < ($1.seed, $1.id) }) {
      if let sheet = try? ErrorSheet(run: run, dataset: analysis.dataset) {
        return (ReportFile(name: "\(fileStem)-errors.png", bytes: sheet.png), sheet, run)
      }
    }
    return nil
  }

  func glyphSection(
    analysed: (RunConfiguration, GlyphAnalysis)?, sheet: (file: ReportFile, sheet: ErrorSheet, run: RunRecord)?
  ) -> String {
    var text = "## Per-glyph analyses\n\n"
    guard let (configuration, analysis) = analysed else {
      return text
        + "The log holds no per-glyph predictions with their dataset (run with `log_predictions=true`), "
        + "so there are no analyses by class frequency, group or form.\n"
    }
    let seeds = analysis.runs.count
    text += "From the logged final labels of \(Markdown.code(configuration.key.label)) "
    text += "(\(seeds) seed\(seeds == 1 ? "" : "s")) and the dataset's labels and groups stored in the log "
    text += "(\(Markdown.code(analysis.dataset.groupPath)), \(ReportFormat.grouped(Double(analysis.overall.glyphs))) "
    text += "glyphs). Accuracy: mean ± 95% CI over seeds of the share of the subset's glyphs whose final label "
    text += "is right; machine accuracy counts only the glyphs no person settled; settled: the mean share people "
    text += "settled.\n\n"
    text += "### By class frequency\n\nClasses by how many glyphs they have among the glyphs used.\n\n"
    text += glyphTable(firstColumn: "band", [analysis.overall] + analysis.bandRows)
    text += bandComparison()
    if let forms = analysis.forms {
      text += "\n### Variant forms against base forms\n\n"
      text += "The dataset's \(Markdown.code(forms.name)) group: a variant form is labelled with its base "
      text += "character.\n\n"
      text += glyphTable(firstColumn: "form", forms.rows)
    }
    for table in analysis.groupTables {
      text += "\n### By \(Markdown.code(table.name))\n\n"
      if table.omitted > 0 {
        text += "The \(GlyphAnalysis.maxGroupRows) values with the lowest mean accuracy; \(table.omitted) more "
        text += "are not shown.\n\n"
      }
      text += glyphTable(firstColumn: Markdown.text(table.name), table.rows)
    }
    text += "\n### Most confused pairs\n\n"
    guard !analysis.confusedPairs.isEmpty else { return text + "No errors.\n" }
    text += "Mean errors per run: \(ReportFormat.fixed(analysis.meanErrors, 1)). The commonest (true class, "
    text += "class given) pairs over all \(seeds) run\(seeds == 1 ? "" : "s").\n\n"
    let rows = analysis.confusedPairs.map { pair in
      [
        Markdown.text(pair.truth), Markdown.text(pair.given), ReportFormat.fixed(pair.meanCount, 1),
        ReportFormat.fixed(pair.share * 100, 2),
      ]
    }
    text += Markdown.table(
      header: ["true class", "taken for", "errors per run", "share of errors (%)"], rows: rows, leftColumns: 2)
    if let sheet {
      text += "\n### Contact sheet of errors\n\n"
      text += "[\(Markdown.text(sheet.file.name))](\(Markdown.link(sheet.file.name))): each misread glyph (left) "
      text += "beside the first glyph of the class it was taken for (right), one for each of the commonest pairs "
      text += "of run \(Markdown.code(sheet.run.id)) (seed \(sheet.run.seed)), \(ErrorSheet.pairsPerRow) pairs "
      text += "a row. Drawn from the images stored in the log (`predictions/errors`), not from the dataset file.\n\n"
      let rows = sheet.sheet.entries.map { entry in
        [
          "\(entry.row)", "\(entry.column)", Markdown.text(entry.truth),
          Markdown.text(entry.given) + (entry.hasExemplar ? "" : " (no glyph of it to show)"),
        ]
      }
      text += Markdown.table(header: ["row", "pair", "true class", "taken for"], rows: rows, leftColumns: 4)
    }
    return text
  }

  /// Accuracy by frequency band for every configuration that logged predictions, when there
  /// is more than one (so strategies can be compared on rare classes).
  func bandComparison() -> String {
    let analyses = summary.configurations.compactMap { configuration in
      GlyphAnalysis(configuration: configuration, snapshot: snapshot).map { (configuration, $0) }
    }
    guard analyses.count > 1 else { return "" }
    let text = "\nEvery configuration with predictions, accuracy (%) by band:\n\n"
    let header = ["configuration", "seeds", "all glyphs"] + GlyphAnalysis.bands.map(\.title)
    let rows = analyses.map { configuration, analysis -> [String] in
      [Markdown.code(configuration.key.label), "\(analysis.runs.count)"]
        + ([analysis.overall] + analysis.bandRows).map { row in
          row.accuracy.map { estimate in
            ReportFormat.value(estimate.mean, .percent, cost: cost)
              + (estimate.halfWidth.map { " ± " + ReportFormat.value($0, .percent, cost: cost) } ?? " (1 seed)")
          } ?? "—"
        }
    }
    return text + Markdown.table(header: header, rows: rows)
  }

  func glyphTable(firstColumn: String, _ rows: [GlyphAnalysis.Row]) -> String {
    let accuracy = ReportMetric.named("final_accuracy")
    func cell(_ estimate: Estimate?) -> String {
      guard let estimate else { return "—" }
      let mean = ReportFormat.value(estimate.mean, .percent, cost: cost)
      guard let half = estimate.halfWidth else { return mean + " (1 seed)" }
      return mean + " ± " + ReportFormat.value(half, accuracy.unit, cost: cost)
    }
    let body = rows.map { row in
      [
        Markdown.text(row.title), ReportFormat.grouped(Double(row.classes)), ReportFormat.grouped(Double(row.glyphs)),
        cell(row.accuracy), cell(row.machineAccuracy),
        row.settledShare.map { ReportFormat.fixed($0 * 100, 2) } ?? "—",
      ]
    }
    return Markdown.table(
      header: [firstColumn, "classes", "glyphs", "accuracy (%)", "machine accuracy (%)", "settled (%)"], rows: body)
  }
}
