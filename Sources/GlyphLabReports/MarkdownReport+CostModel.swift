extension MarkdownReport {
  /// The cost model's source and, for a person's session (`annotation` logs), the measured
  /// seconds per action beside the modelled ones. Empty when the log has neither (a
  /// simulated run on the spec's own costs says nothing new here).
  func costModelSection() -> String {
    let source = snapshot.otherAttributes.first { $0.key == "costs_source" }.flatMap { member -> String? in
      if case .string(let text) = member.value { return text }
      return nil
    }
    let runs = snapshot.runs.filter(\.isComplete)
    var measured: [String: [Double]] = [:]
    for run in runs { for (action, values) in run.measuredSeconds { measured[action, default: []] += values } }
    guard source != nil || snapshot.kind == "annotation" else { return "" }
    var text = "## Cost model\n\n"
    if let source {
      text += "The ledger priced actions with measured costs: \(Markdown.code(source)).\n\n"
    } else {
      text += "The ledger priced actions with the spec's `costs.*` parameters (by default GlyphLab's standard "
      text += "model, set by reasoning, not measured).\n\n"
    }
    guard snapshot.kind == "annotation" else { return text }
    text += "A person answered every query; each answer was timed in the page, from showing the query to submitting "
    text += "it (undone answers left out). `glyphlab calibrate` fits the cost model from these times.\n\n"
    let modelled: [(action: String, key: String, extra: String)] = [
      ("type", "costs.type", ""), ("confirm", "costs.confirm", ""),
      ("correct", "costs.correct_look", " + typing"), ("verify-cluster", "costs.cluster_base", " + per glyph"),
    ]
    func parameter(_ key: String) -> Double? {
      runs.first?.parameters.first { $0.key == key }?.value.numericValue
    }
    var rows: [[String]] = []
    for (action, key, extra) in modelled {
      let values = (measured[action] ?? []).sorted()
      let model = parameter(key).map { ReportFormat.fixed($0, 2) + extra } ?? "—"
      guard !values.isEmpty else {
        rows.append([Markdown.code(action), model, "0", "—", "—"])
        continue
      }
      rows.append([
        Markdown.code(action), model, "\(values.count)", ReportFormat.fixed(Self.quantile(values, 0.5), 2),
        ReportFormat.fixed(Self.quantile(values, 0.25), 2) + " – " + ReportFormat.fixed(Self.quantile(values, 0.75), 2),
      ])
    }
    text += Markdown.table(
      header: ["action", "modelled (s)", "answers", "measured median (s)", "measured quartiles (s)"], rows: rows)
    return text
  }

  /// The `p` quantile of sorted `values`, interpolated linearly (NumPy's default).
  static func quantile(_ values: [Double], _ p: Double) -> Double {
    guard values.count > 1 else { return values.first ?? .nan }
    let position = p * Double(values.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(values.count - 1, low + 1)
    return values[low] + (values[high] - values[low]) * (position - Double(low))
  }
}
