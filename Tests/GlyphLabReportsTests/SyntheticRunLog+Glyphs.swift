import GlyphLabCore

extension SyntheticRunLog {
  /// The synthetic dataset of ``withGlyphs()``: 60 glyphs in 10 classes of sizes 25, 10, 7, 5,
  /// 4, 3, 2, 2, 1, 1 (so every frequency band is present), glyph g in font g mod 3, and every
  /// 7th glyph a variant form.
  static let glyphDataset: SyntheticDataset = {
    let sizes = [25, 10, 7, 5, 4, 3, 2, 2, 1, 1]
    let truth = sizes.enumerated().flatMap { c, size in [Int32](repeating: Int32(c), count: size) }
    return SyntheticDataset(
      key: "00112233aabbccdd", truth: truth, classNames: ["一", "二", "三", "人", "入", "八", "大", "天", "夫", "太"],
      groups: [
        ("font", truth.indices.map { Int32($0 % 3) }, ["Kai", "Song", "Ming"]),
        ("variant", truth.indices.map { $0 % 7 == 3 ? 1 : 0 }, ["base form", "variant form"]),
      ])
  }()

  /// A synthetic pipeline log with per-glyph predictions: a base configuration and the
  /// ablation `no-suggest`, seeds 1–3, with the label floor, typing cost and budget the
  /// effort section needs. Made-up numbers, not the output of a run.
  static func withGlyphs() -> SyntheticRunLog {
    var log = SyntheticRunLog()
    log.experiment = "glyphs"
    log.datasets = [glyphDataset]
    for ablation in ["base", "no-suggest"] {
      for seed in 1...3 { log.runs.append(glyphRun(ablation: ablation, seed: seed)) }
    }
    return log
  }

  static func glyphRun(ablation: String, seed: Int) -> SyntheticRun {
    let truth = glyphDataset.truth
    var generator = SeededGenerator(seed: UInt64(seed)).derived("glyphs/\(ablation)")
    var counts: [Int32: Int] = [:]
    for t in truth { counts[t, default: 0] += 1 }
    var labels: [Int32] = []
    var touched: [UInt8] = []
    var rounds: [Int32] = []
    for (g, t) in truth.enumerated() {
      let settled = g % 5 == 0
      touched.append(settled ? 1 : 0)
      rounds.append(settled ? Int32(g % 3) : -1)
      let right = settled || generator.uniformDouble() < (counts[t] ?? 0 >= 6 ? 0.9 : 0.5)
      labels.append(right ? t : (t + 1) % 10)
    }
    let wrong = truth.indices.filter { labels[$0] != truth[$0] }
    var errorIndices: [Int] = []
    var seen: Set<[Int32]> = []
    for g in wrong where seen.insert([truth[g], labels[g]]).inserted { errorIndices.append(g) }
    errorIndices = Array(errorIndices.prefix(6))
    let exemplars = errorIndices.map { g in truth.firstIndex(of: labels[g]) ?? -1 }
    func image(_ g: Int) -> [UInt8] { (0..<64).map { UInt8(($0 * 37 + g * 11) % 256) } }
    var run = SyntheticRun(
      parameters: [
        ("costs.type", "4.0"), ("pipeline.budget", "\"manual/6\""),
        ("pipeline.suggest", ablation == "base" ? "true" : "false"),
        ("pipeline.verify_clusters", "false"),
      ], sweptKeys: [], ablation: ablation, seed: seed)
    let accuracy = Double(truth.indices.count { labels[$0] == truth[$0] }) / Double(truth.count)
    let cost = [14.0, 23.0, 36.0]
    run.scalars = [
      "final_accuracy": accuracy, "efficiency": .nan, "labels_to_target": .nan, "cost_to_target": .nan,
      "aubc_cost": 0.5, "manual_cost": 240, "total_cost": cost[2], "budget_seconds": 40,
      "label_floor_efficiency": 6, "label_floor_seconds": 40,
    ]
    run.integers = ["glyphs": 60, "total_labels": 12, "label_floor_typed_classes": 10]
    run.stopReason = "budget"
    run.curves = ["cost": cost, "accuracy": [accuracy - 0.2, accuracy - 0.1, accuracy]]
    run.integerCurves = [
      "round": [0, 1, 2], "labels": [4, 8, 12], "actions_type": [2, 2, 2], "actions_correct": [1, 0, 1],
    ]
    run.predictions = SyntheticPredictions(
      labels: labels, touched: touched, settledRound: rounds, dataset: "/datasets/\(glyphDataset.key)",
      errorIndices: errorIndices, exemplars: exemplars, images: errorIndices.flatMap(image),
      exemplarImages: exemplars.flatMap(image))
    return run
  }
}
