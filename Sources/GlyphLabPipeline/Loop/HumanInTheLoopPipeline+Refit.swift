import GlyphLabCore

extension HumanInTheLoopPipeline {
  /// Refits after round `round`'s batch: renews the features when an adapter is due, fits the
  /// classifier on what people settled (`settled`, with `ledger`'s labels) and the references,
  /// recognises `pool`, and scores the round (`before` is the ledger when the batch began).
  /// A function of its arguments alone, so it gives the same numbers on whichever thread,
  /// at whatever time, it runs.
  ///
  /// - Complexity: one fit and prediction over `pool` in blocks of `predictionBlock`, plus
  ///   the adapter's work when it is due.
  func refit(
    _ model: ModelState, settled: [Bool], ledger: AnnotationLedger, before: AnnotationLedger, pool: [Int],
    round: Int, index: Int, adapter: (any FeatureAdapter)?, truth: [Int32], classCount: Int, clusterRate: Double?
  ) throws -> RefitJob.Refitted {
    var model = model
    var adaptSeconds = 0.0
    if let adapter, (round + 1) % configuration.adaptEvery == 0, !pool.isEmpty {
      let glyphs = settled.indices.filter { settled[$0] }
      if !glyphs.isEmpty,
        let adapted = try adapter.adapt(
          glyphs: glyphs, labels: glyphs.map { ledger.humanLabels[$0] ?? -1 }, round: round,
          seed: configuration.seed)
      {
        model.features = try adopt(adapted, glyphs: settled.count, references: &model.references)
        adaptSeconds = adapted.seconds
      }
    }
    let recognised = try recognise(
      features: model.features, settled: settled, labels: ledger.humanLabels, references: model.references,
      pool: pool, machine: &model.machine)
    model.top = recognised.top
    model.topClasses = recognised.classes
    model.pool = pool
    let point = evaluate(truth: truth, settled: settled, machine: model.machine, ledger: ledger, classCount: classCount)
    var actions: [String: Int] = [:]
    for action in AnnotationAction.allCases {
      let delta = (ledger.counts[action] ?? 0) - (before.counts[action] ?? 0)
      if delta > 0 { actions[action.rawValue] = delta }
    }
    var throughput: [String: Double] = [:]
    // A few-shot classifier fits inside each prediction call, so the two are timed together:
    // glyphs recognised per second, fitting included.
    if recognised.seconds > 0 { throughput["fit_predict"] = Double(pool.count) / recognised.seconds }
    if let clusterRate { throughput["cluster"] = clusterRate }
    if adaptSeconds > 0 { throughput["adapt"] = Double(settled.count) / adaptSeconds }
    let record = PipelineRound(
      index: index, point: point, actions: actions, seconds: ledger.totalSeconds - before.totalSeconds,
      throughput: throughput)
    return (model, record)
  }
}
