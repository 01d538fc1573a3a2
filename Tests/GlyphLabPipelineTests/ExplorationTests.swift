import Foundation
import GlyphLabCore
import GlyphLabPipeline
import Testing

@Suite("Exploration", .enabled(if: ProcessInfo.processInfo.environment["GLYPHLAB_EXPLORE"] != nil))
struct ExplorationTests {
  @Test func sketch() throws {
    let env = ProcessInfo.processInfo.environment
    var e = PipelineExperiment(dataset: env["GLYPHLAB_EXPLORE"]!, limit: Int(env["N"] ?? ""))
    e.pipeline.budgetSeconds = env["UNLIMITED"] != nil ? nil : Double(e.limit ?? 100000) * 4 / 30
    e.pipeline.batchSize = Int(env["BATCH"] ?? "") ?? 500
    e.pipeline.maxGridSize = Int(env["GRIDSIZE"] ?? "") ?? 48
    if env["GRID"] == "prediction" { e.pipeline.gridSource = .prediction }
    if let v = env["VERIFY"] { e.pipeline.verifyClusters = v == "1" }
    if let v = env["CLS"] { e.classifier.name = v }
    if let v = env["Q"] { e.query.strategy = v }
    if let v = env["GPC"] { e.clustering.glyphsPerCluster = Int(v)! }
    if env["NOWCCN"] != nil { e.classifier.whitening = false }
    let t0 = Date()
    let outcome = try e.run(seed: 1) { r in
      if env["QUIET"] != nil && r.index % 5 != 0 { return }
      print(
        String(
          format: "round %d labels %d cost %.0f acc %.4f machine %.4f macro %.4f", r.index, r.point.labels,
          r.point.cost, r.point.accuracy, r.point.machineAccuracy ?? -1, r.point.macroAccuracy), r.actions,
        r.throughput.mapValues { Int($0) }, Int(Date().timeIntervalSince(t0)))
    }
    let last = outcome.result.curve.points.last!
    print(
      "final acc", last.accuracy, "cost", last.cost, "eff@97.5",
      outcome.result.curve.efficiency(manualCost: outcome.result.manualCost, target: 0.975) as Any, "eff@90",
      outcome.result.curve.efficiency(manualCost: outcome.result.manualCost, target: 0.90) as Any)
    print(
      "stop", outcome.result.stopReason, "features/s", Int(outcome.featureThroughput), "total",
      Date().timeIntervalSince(t0))
  }
}
