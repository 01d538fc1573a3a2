extension MarkdownReport {
  func verdictSection() -> String {
    var text = "## Verdict\n\n"
    let target = snapshot.target
    let targetText = ReportFormat.targetPercent(target)
    let targetSource = snapshot.targetRecorded ? "from the log's `target`" : "the default; the log records no `target`"
    guard let primary = summary.primaryMetric else {
      text += "No verdict: no complete run of this log holds an accuracy (`final_accuracy`) or a clustering score.\n"
      return text + "\n- **Target:** \(targetText) (\(targetSource))\n\n" + rule()
    }
    guard let best = summary.best, let estimate = best.summary(of: primary.key).estimate else {
      text += "No verdict: no configuration has \(Markdown.code(primary.key)) on every complete seed.\n"
      return text + "\n- **Target:** \(targetText) (\(targetSource))\n\n" + rule()
    }
    let label = Markdown.code(best.key.label)
    let accuracy = ReportFormat.sentence(estimate, primary, cost: cost, target: target)
    if let verdict = summary.verdict {
      let single = verdict.singleSeed ? " (single seed)" : ""
      let reach: String
      switch verdict.outcome {
      case .pass: reach = "reaches the \(targetText) target"
      case .fail: reach = "does not reach the \(targetText) target"
      case .inconclusive: reach = "may or may not reach the \(targetText) target: the interval straddles it"
      }
      text += "**\(verdict.outcome.rawValue)**\(single): \(label) \(reach).\n\n"
    } else {
      text += "No verdict against the target: this \(Markdown.code(snapshot.kind)) log has no accuracy; "
      text += "the best configuration by \(Markdown.text(primary.title)) is shown.\n\n"
    }
    text += "- **Target:** \(targetText) (\(targetSource))\n"
    text += "- **Best configuration:** \(label) (\(bestRuleText(primary)); \(rankedAmongText(best, primary)))\n"
    text += "- **\(Markdown.text(primary.title)):** \(accuracy)\n"
    if let verdict = summary.verdict {
      text += "- **Verdict:** \(verdict.outcome.rawValue)\(verdict.singleSeed ? " (single seed)" : "")\n"
      text += "- **Efficiency against manual entry at the target:** \(efficiencyText(best))\n"
    }
    return text + "\n" + rule()
  }

  func bestRuleText(_ primary: ReportMetric) -> String {
    switch summary.bestRule {
    case .efficiency:
      return "the highest mean efficiency among the configurations that reached the target on every seed"
    case .primaryMetric:
      if summary.metrics.contains(where: { $0.key == "efficiency" }) {
        return "no configuration reached the target on every seed, so the highest mean \(primary.titleInSentence)"
      }
      return "the highest mean \(primary.titleInSentence)"
    }
  }

  /// What "best" was ranked among, and any ablation variant that scores higher.
  func rankedAmongText(_ best: RunConfiguration, _ primary: ReportMetric) -> String {
    let bases = summary.baseConfigurations.count
    let variants = summary.configurations.filter { !$0.key.isBase }
    var text = "ranked among the \(bases) base configuration\(bases == 1 ? "" : "s")"
    guard !variants.isEmpty else { return text }
    text += "; the \(variants.count) ablation variant\(variants.count == 1 ? " is" : "s are") not ranked"
    let key = summary.bestRule == .efficiency ? "efficiency" : primary.key
    let metric = ReportMetric.named(key)
    guard let mean = best.summary(of: key).estimate?.mean else { return text }
    let higher = variants.filter { ($0.summary(of: key).estimate?.mean ?? -.infinity) > mean }
    if !higher.isEmpty {
      let names = higher.map { Markdown.code($0.key.ablation) }.joined(separator: ", ")
      text += ", though \(names) \(higher.count == 1 ? "has" : "have") a higher mean \(metric.titleInSentence) "
      text += "(see the ablation table for whether the difference is more than noise)"
    }
    return text
  }

  /// The efficiency line: an estimate, or what the log says instead.
  func efficiencyText(_ best: RunConfiguration) -> String {
    let metric = ReportMetric.named("efficiency")
    let summary = best.summary(of: "efficiency")
    let target = ReportFormat.targetPercent(snapshot.target)
    if summary.missingCount == summary.runCount { return "not recorded in the log" }
    if summary.missingCount > 0 { return "not recorded for \(summary.missingCount) of \(summary.runCount) seeds" }
    guard let estimate = summary.estimate else {
      if summary.finiteCount == 0 { return "target not reached (no seed reached \(target))" }
      return
        "target not reached on every seed (\(summary.finiteCount) of \(summary.runCount) seeds reached \(target)), "
        + "so no mean efficiency is given"
    }
    var text = ReportFormat.sentence(estimate, metric, cost: cost)
    let costToTarget = best.summary(of: "cost_to_target").estimate
    let manual = best.summary(of: "manual_cost").estimate
    if let costToTarget, let manual {
      let unit = cost.rawValue
      text += "; mean cost to the target \(ReportFormat.value(costToTarget.mean, .cost, cost: cost)) \(unit) "
      text += "against \(ReportFormat.value(manual.mean, .cost, cost: cost)) \(unit) of manual entry"
    }
    return text
  }

  /// The verdict rule, printed in every report.
  func rule() -> String {
    """
    > **How the verdict is decided.** Accuracy is each run's final whole-corpus accuracy \
    (`final_accuracy`); a configuration's value is its mean over seeds, with a 95% confidence interval \
    mean ± t(0.975, n − 1) · s / √n (Student t, n seeds, s the sample standard deviation). \
    **PASS**: the interval's lower bound is at or above the target. **FAIL**: its upper bound is below \
    the target. **INCONCLUSIVE**: the interval straddles the target. A value exactly at the target \
    counts as reaching it. With a single seed there is no interval: that seed's value decides and the \
    verdict says "single seed". Efficiency is the manual-entry cost divided by the cost at which the \
    run first reached the target; a run that never reached it has none. Failed and unfinished runs \
    are left out of every statistic and listed below.

    """
  }
}
