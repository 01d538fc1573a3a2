import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@testable import GlyphLabRunner

/// The `detection` kind on the corpus's realistic pages: detection only (no recogniser
/// dataset) and `pages.without`, which switches one page effect off.
@Suite(
  "detection kind on realistic pages",
  .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")))
struct DetectionRealisticPagesTests {
  @Test func detectionOnlyRunsMatchADirectComputationAndAblateOneEffect() throws {
    let directory = try TestPaths.temporaryDirectory("detection-realistic")
    defer { try? FileManager.default.removeItem(at: directory) }
    // Two small pages of the committed realistic recipe.
    let recipe = TestPaths.repository.appendingPathComponent("Datasets/ancient-pages-realistic.yaml").path
    let log = directory.appendingPathComponent("log.h5").path
    let specPath = try RunnerFixtures.write(
      """
      experiment: realistic
      kind: detection
      seeds: [4]
      parameters:
        corpus: {recipe: \(recipe)}
        pages: {count: 2}
        detector: {strategy: scan}
        recognition: {dataset: ""}
      ablation:
        components:
          no_seals: {pages.without: seals}
      log: \(log)
      """, to: "spec.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath)
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 2 && summary.failed == 0)
    let reader = try RunLogReader(path: log)
    let base = try reader.entry(try #require(spec.runs.first { $0.ablation == "base" }).id)
    let ablated = try reader.entry(try #require(spec.runs.first { $0.ablation == "no_seals" }).id)

    func direct(_ pages: PageRecipe) throws -> DetectionEvaluation {
      var r = try CorpusRecipe(path: recipe)
      r.seed = 4
      r.glyphs = 1
      r.pages = pages
      r.pages.count = 2
      r.pages.degradation = r.degradation
      let corpus = try AncientGlyphCorpus(recipe: r)
      var total = DetectionEvaluation()
      for i in 0..<2 {
        let page = try corpus.renderPage(i)
        let truth = stride(from: 0, to: page.boxes.count, by: 4).map {
          PixelBox(
            x: Int(page.boxes[$0]), y: Int(page.boxes[$0 + 1]), width: Int(page.boxes[$0 + 2]),
            height: Int(page.boxes[$0 + 3]))
        }
        let found = try ScanDetector().detect(pixels: page.pixels, width: r.pages.width, height: r.pages.height)
        total = total.adding(try DetectionEvaluation(detections: found.boxes, truth: truth))
      }
      return total
    }
    let pages = try CorpusRecipe(path: recipe).pages
    let full = try direct(pages)
    let noSeals = try direct(pages.without(.seals))
    #expect(base.scalars["f1"] == full.f1 && base.integers["truth_boxes"] == full.truth)
    #expect(ablated.scalars["f1"] == noSeals.f1 && ablated.integers["detected_boxes"] == noSeals.detected)
    #expect(base.scalars["end_to_end_accuracy"] == nil, "detection only")
    #expect(try reader.curves(base.id).first { $0.name == "truth" }?.integers.count == 2)
  }

  @Test func withoutNeedsCorpusPages() throws {
    let directory = try TestPaths.temporaryDirectory("detection-realistic-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    for (parameters, key) in [
      ("pages: {source: dataset, dataset: x.h5, without: seals}", "pages.without"),
      ("pages: {without: stains}", "pages.without"),
      (
        "pages: {source: dataset, dataset: x.h5}\n  detector: {strategy: scan, fine_tune_steps: 5}",
        "detector.fine_tune_steps"
      ),
      ("detector: {strategy: centernet, fine_tune_steps: 5}", "detector.fine_tune_steps"),
      ("detector: {strategy: centernet, threshold: 1.5}", "detector.threshold"),
      ("detector: {strategy: centernet, trainig_steps: 5}", "trainig_steps"),
    ] {
      try RunnerFixtures.expectDetectionSpecRefused(parameters, naming: key, in: directory)
    }
  }
}
