import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@testable import GlyphLabRunner

/// The `detection` kind with `detector.strategy: centernet` on two imported PMJT books: a
/// tiny network trained for a few steps (the wiring, not the accuracy, is under test).
@Suite(
  "detection kind with the centernet detector",
  .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")))
struct DetectionCenterNetTests {
  @Test func syntheticAndLeaveOneBookOutRunsMatchADirectComputation() throws {
    let directory = try TestPaths.temporaryDirectory("detection-centernet")
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = directory.appendingPathComponent("books")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for book in ["200021712", "200021763"] {
      try FileManager.default.createSymbolicLink(
        at: root.appendingPathComponent(book),
        withDestinationURL: TestPaths.shared("datasets/pmjt-sample/\(book)"))
    }
    let dataset = directory.appendingPathComponent("pages.h5").path
    try PMJTImporter(
      root: root.path, pageScale: 0.5,
      options: ImportOptions(
        metadata: DatasetMetadata(name: "two-books", source: "pmjt-sample", license: "CC-BY-SA-4.0"),
        size: try ImageSize(height: 48, width: 48))
    ).run(to: dataset)
    let recipe = TestPaths.repository.appendingPathComponent("Datasets/ancient-pages-realistic.yaml").path
    let log = directory.appendingPathComponent("log.h5").path
    let specPath = try RunnerFixtures.write(
      """
      experiment: centernet
      kind: detection
      seeds: [1]
      parameters:
        pages: {source: dataset, dataset: \(dataset)}
        detector: {strategy: centernet, training_recipe: \(recipe), training_pages: 2, training_steps: 3, channels: 8, blocks: 0}
        recognition: {dataset: ""}
      ablation:
        components:
          lobo: {detector.fine_tune_steps: 2, detector.tuning: leave_one_book_out}
      log: \(log)
      """, to: "spec.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath)
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 2 && summary.failed == 0)
    let reader = try RunLogReader(path: log)
    let base = try reader.entry(try #require(spec.runs.first { $0.ablation == "base" }).id)
    let lobo = try reader.entry(try #require(spec.runs.first { $0.ablation == "lobo" }).id)

    // The synthetic-only run is the directly trained detector on every page.
    let settings = CenterNetSettings(
      recipe: recipe, pages: 2, steps: 3, fineTuneSteps: 0, detector: CenterNetDetector(channels: 8, blocks: 0))
    let (detector, _) = try settings.synthetic(seed: 1)
    let pages = try GlyphDatasetReader(path: dataset).pages()
    let truth = try PageDetector.checkedTruthBoxes(pages)
    let found = try detector.detect(pages: pages)
    var direct = DetectionEvaluation()
    for i in 0..<pages.count {
      direct = direct.adding(try DetectionEvaluation(detections: found[i].boxes, truth: truth[i]))
    }
    #expect(base.scalars["f1"] == direct.f1 && base.integers["detected_boxes"] == direct.detected)
    #expect(base.strings["training"]?.contains("no real page used in training") == true)
    #expect(lobo.strings["training"]?.contains("leave one book out") == true)
    // Each book's threshold is one of the grid, chosen on the other book.
    let thresholds = try #require(try reader.curves(lobo.id).first { $0.name == "threshold" }?.doubles)
    #expect(thresholds.count == 2 && thresholds.allSatisfy { DetectionExperimentKind.centerNetThresholds.contains($0) })
    #expect(lobo.scalars["fine_tune_seconds"] != nil)
  }

  @Test func badCenterNetSpecsAreErrorsNamingTheKey() throws {
    let directory = try TestPaths.temporaryDirectory("detection-centernet-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    for (parameters, key) in [
      ("detector: {strategy: centernet, training_recipe: \"\"}", "detector.training_recipe"),
      ("detector: {strategy: centernet, channels: 2}", "detector.channels"),
      ("detector: {strategy: centernet, tuning: leave_one_book_out}", "detector.tuning"),
      ("detector: {strategy: centrenet}", "detector.strategy"),
    ] {
      try RunnerFixtures.expectDetectionSpecRefused(parameters, naming: key, in: directory)
    }
  }
}
