import Foundation
import GlyphLabCore

extension SyntheticRunLog {
  /// Glyphs in the synthetic corpus, and the modelled seconds to type one by hand.
  static let glyphs = 2000
  static let secondsPerManualGlyph = 6.0

  /// The log the golden report is made from: strategies `random`, `typicality` and `hybrid`
  /// × seeds 1–5, an ablation of `hybrid` with components `no-pca` and `no-verify`, six rounds
  /// per run, plus one failed and one unfinished run. `random` never reaches 97.5%,
  /// `typicality` reaches it on some seeds, `hybrid` on all.
  static func standard() -> SyntheticRunLog {
    var log = SyntheticRunLog()
    let finals: [String: (Double, Double)] = [
      "random": (0.930, 0.020), "typicality": (0.968, 0.016), "hybrid": (0.977, 0.008),
    ]
    for strategy in ["random", "typicality", "hybrid"] {
      for seed in 1...5 {
        let (low, spread) = finals[strategy] ?? (0.9, 0.01)
        log.runs.append(run(strategy: strategy, ablation: "base", seed: seed, finalLow: low, spread: spread))
      }
    }
    for (component, low) in [("no-pca", 0.972), ("no-verify", 0.974)] {
      for seed in 1...5 {
        log.runs.append(run(strategy: "hybrid", ablation: component, seed: seed, finalLow: low, spread: 0.008))
      }
    }
    var failed = run(strategy: "random", ablation: "base", seed: 6, finalLow: 0.93, spread: 0.02)
    failed.status = "failed"
    failed.error = "features: out of memory\n(limit 2 GiB)"
    failed.scalars = ["wall_seconds": 0.75]
    failed.curves = [:]
    failed.integerCurves = [:]
    failed.integers = [:]
    failed.stopReason = nil
    var running = run(strategy: "typicality", ablation: "base", seed: 6, finalLow: 0.97, spread: 0.01)
    running.status = "running"
    running.scalars = [:]
    running.integers = [:]
    running.stopReason = nil
    log.runs += [failed, running]
    return log
  }

  /// One synthetic run: six rounds of rising accuracy ending at a final accuracy drawn from
  /// [finalLow, finalLow + spread), with the scalars derived from that curve.
  static func run(strategy: String, ablation: String, seed: Int, finalLow: Double, spread: Double) -> SyntheticRun {
    var generator = SeededGenerator(seed: UInt64(seed)).derived("\(strategy)/\(ablation)")
    let final = finalLow + spread * generator.uniformDouble()
    let start = 0.55 + 0.1 * generator.uniformDouble()
    var labels: [Int] = []
    var cost: [Double] = []
    var accuracy: [Double] = []
    for round in 0..<6 {
      labels.append(60 * (round + 1) + generator.uniformInt(below: 10))
      cost.append(Double(labels[round]) * 5 + 30 * Double(round))
      let progress = (1 - exp(-0.9 * Double(round))) / (1 - exp(-0.9 * 5))
      accuracy.append(start + (final - start) * progress)
    }
    let manual = Double(glyphs) * secondsPerManualGlyph
    let labelsToTarget = crossing(accuracy, labels.map(Double.init), target: 0.975)
    let costToTarget = crossing(accuracy, cost, target: 0.975)
    var parameters: [(key: String, json: String)] = [
      ("pipeline.strategy", "\"\(strategy)\""), ("features.pca", ablation == "no-pca" ? "0" : "64"),
      ("pipeline.verify", ablation == "no-verify" ? "false" : "true"), ("pipeline.rounds", "6"),
      ("corpus.glyphs", "\(glyphs)"),
    ]
    parameters.sort { $0.key < $1.key }
    var run = SyntheticRun(parameters: parameters, sweptKeys: ["pipeline.strategy"], ablation: ablation, seed: seed)
    run.scalars = [
      "final_accuracy": final, "final_machine_accuracy": final - 0.01, "final_macro_accuracy": final - 0.03,
      "labels_to_target": labelsToTarget ?? .nan, "cost_to_target": costToTarget ?? .nan,
      "efficiency": costToTarget.map { manual / $0 } ?? .nan,
      "aubc_cost": area(accuracy, cost), "aubc_labels": area(accuracy, labels.map(Double.init)),
      "manual_cost": manual, "total_cost": cost[cost.count - 1],
      "throughput_features": 5000 + 400 * generator.uniformDouble(),
      "throughput_cluster": 20000 + 2000 * generator.uniformDouble(),
      "throughput_fit_predict": 900 + 100 * generator.uniformDouble(),
      "wall_seconds": 1.5 + generator.uniformDouble(),
    ]
    run.integers = ["total_labels": labels[labels.count - 1], "rounds": 6]
    run.stopReason = (labelsToTarget != nil) ? "target" : "max-rounds"
    run.curves = [
      "cost": cost, "accuracy": accuracy, "machine_accuracy": accuracy.map { $0 - 0.01 },
      "macro_accuracy": accuracy.map { $0 - 0.03 }, "coverage": (0..<6).map { 0.5 + 0.1 * Double($0) },
    ]
    run.integerCurves = [
      "round": Array(0..<6), "labels": labels, "actions_type": labels.map { $0 / 3 },
      "actions_confirm": labels.map { $0 / 2 }, "actions_correct": labels.map { $0 / 10 },
      "actions_verify-cluster": Array(repeating: 4, count: 6), "actions_mark-wrong": Array(repeating: 1, count: 6),
    ]
    return run
  }

  /// Where the curve first reaches `target`, interpolated linearly in `x`; nil if never.
  static func crossing(_ accuracy: [Double], _ x: [Double], target: Double) -> Double? {
    for index in accuracy.indices where accuracy[index] >= target {
      guard index > 0 else { return x[0] }
      let t = (target - accuracy[index - 1]) / (accuracy[index] - accuracy[index - 1])
      return x[index - 1] + t * (x[index] - x[index - 1])
    }
    return nil
  }

  /// A trapezoid area under accuracy against x, divided by the last x.
  static func area(_ accuracy: [Double], _ x: [Double]) -> Double {
    var total = x[0] * accuracy[0] / 2
    for index in 1..<x.count { total += (x[index] - x[index - 1]) * (accuracy[index] + accuracy[index - 1]) / 2 }
    return total / x[x.count - 1]
  }
}
