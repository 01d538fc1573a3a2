import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabStrategies
import Testing

@Suite("Exploration", .enabled(if: ProcessInfo.processInfo.environment["GLYPHLAB_EXPLORE"] != nil))
struct ExplorationTests {
  @Test func sketch() throws {
    let env = ProcessInfo.processInfo.environment
    let reader = try GlyphDatasetReader(path: try #require(env["GLYPHLAB_EXPLORE"]))
    let n = min(reader.count, Int(env["N"] ?? "") ?? reader.count)
    let images = try reader.images(0..<n)
    let hogPCA = ComposedFeatures(HOGFeatures(cellSize: 6, blockSize: 2), then: PCAFeatures(components: 128))
    let x = try hogPCA.fitted(on: images).features(of: images)
    let truth = Array(try reader.labels().prefix(n))
    var e = PipelineExperiment()
    e.pipeline.budgetSeconds = env["UNLIMITED"] != nil ? nil : Double(n) * 4 / 30
    e.pipeline.batchSize = Int(env["BATCH"] ?? "") ?? 500
    e.pipeline.maxGridSize = Int(env["GRIDSIZE"] ?? "") ?? 48
    if env["GRID"] == "prediction" { e.pipeline.gridSource = .prediction }
    if let v = env["VERIFY"] { e.pipeline.verifyClusters = v == "1" }
    if let v = env["CLS"], let method = FewShotMethod(rawValue: v) { e.classifier.method = method }
    if let v = env["Q"], let strategy = QueryStrategyChoice(rawValue: v) { e.query.strategy = strategy }
    if let v = env["GPC"], let g = Int(v) { e.clustering.glyphsPerCluster = g }
    if env["NOWCCN"] != nil { e.classifier.options.whitening = false }
    let t0 = Date()
    let outcome = try e.run(features: x, truth: truth, seed: 1) { r in
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
      "stop", outcome.result.stopReason, "total",
      Date().timeIntervalSince(t0))
  }
}
