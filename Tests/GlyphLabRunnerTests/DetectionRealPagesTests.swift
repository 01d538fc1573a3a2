import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@testable import GlyphLabRunner

/// The `detection` kind on imported real pages: two PMJT books (40 and 65 boxes), so
/// leave-one-book-out chooses each book's parameters on the other book alone.
@Suite("detection kind on real pages")
struct DetectionRealPagesTests {
  @Test func perBookScoresTuningAndRecognitionMatchADirectComputation() throws {
    let directory = try TestPaths.temporaryDirectory("detection-real")
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = directory.appendingPathComponent("books")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let books = ["200021712", "200021763"]
    for book in books {
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
    let log = directory.appendingPathComponent("log.h5").path
    let specPath = try RunnerFixtures.write(
      """
      experiment: two-books
      kind: detection
      seeds: [1]
      parameters:
        pages: {source: dataset, dataset: \(dataset)}
        detector: {strategy: scan}
        recognition: {join: leave_one_book_out}
      ablation:
        components:
          tuned: {detector.tuning: leave_one_book_out}
      log: \(log)
      """, to: "spec.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath)
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 2 && summary.failed == 0)
    let reader = try RunLogReader(path: log)
    let base = try reader.entry(try #require(spec.runs.first { $0.ablation == "base" }).id)
    let tuned = try reader.entry(try #require(spec.runs.first { $0.ablation == "tuned" }).id)

    // The base run: the default scan detector, scored directly.
    let pages = try GlyphDatasetReader(path: dataset).pages()
    let truth = try PageDetector.checkedTruthBoxes(pages)
    let found = try ScanDetector().detect(pages: pages)
    var direct = DetectionEvaluation()
    for i in 0..<pages.count {
      direct = direct.adding(try DetectionEvaluation(detections: found[i].boxes, truth: truth[i]))
    }
    #expect(base.scalars["f1"] == direct.f1 && base.scalars["precision"] == direct.precision)
    #expect(base.integers["truth_boxes"] == 105 && base.integers["merged"] == direct.merged)
    #expect(base.strings["books"] == books.joined(separator: ","))
    let curves = try reader.curves(base.id)
    #expect(curves.first { $0.name == "truth" }?.integers == [65, 40])

    // Tuned: each book gets the grid point that scores best on the other book.
    let candidates = try DetectionExperimentKind.tuningGrid.map { try $0.detect(pages: pages) }
    let f1 = candidates.map { c in
      (0..<2).map { i in (try? DetectionEvaluation(detections: c[i].boxes, truth: truth[i]).f1) ?? -1 }
    }
    let tunedCurves = try reader.curves(tuned.id)
    let contrast = try #require(tunedCurves.first { $0.name == "ink_contrast" }?.doubles)
    for page in 0..<2 {
      let other = 1 - page
      let best = try #require(f1.indices.max { (f1[$0][other], -$0) < (f1[$1][other], -$1) })
      #expect(contrast[page] == DetectionExperimentKind.tuningGrid[best].inkContrast)
    }

    // Recognition by a model that never saw the book: accuracies in [0, 1], and no
    // character is read right through the detections unless its box was matched.
    for entry in [base, tuned] {
      let e2e = try #require(entry.scalars["end_to_end_accuracy"])
      let onTruth = try #require(entry.scalars["truth_box_accuracy"])
      #expect(e2e >= 0 && e2e <= (entry.scalars["recall"] ?? 0) && onTruth >= 0 && onTruth <= 1)
    }
    #expect(base.scalars["truth_box_accuracy"] == tuned.scalars["truth_box_accuracy"])
  }

  @Test func badSpecsAreErrorsNamingTheKey() throws {
    let directory = try TestPaths.temporaryDirectory("detection-real-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    for (parameters, key) in [
      ("pages: {source: dataset}", "pages.dataset"),
      ("detector: {tuning: leave_one_book_out}", "detector.tuning"),
      ("recognition: {join: leave_one_book_out}", "recognition.join"),
    ] {
      try RunnerFixtures.expectDetectionSpecRefused(parameters, naming: key, in: directory)
    }
  }
}
