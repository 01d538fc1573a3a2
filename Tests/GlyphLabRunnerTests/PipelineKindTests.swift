import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("pipeline kind through the shared feature path")
struct PipelineKindTests {
  static func spec(dataset: String, log: String) -> String {
    """
    experiment: pipeline-fixture
    kind: pipeline
    seeds: [1]
    parameters:
      dataset:
        path: \(dataset)
      features:
        kind: hog
        hog_cell: 4
        pca: 8
      pipeline:
        batch_size: 20
        max_rounds: 3
    sweep:
      features.kind: [hog, stored]
    log: \(log)
    """
  }

  @Test func runsOnComputedAndStoredFeaturesThenReports() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("pipeline-kind")
    let dataset = directory.appendingPathComponent("glyphs.h5").path
    // The fixture plus a stored matrix: each glyph's downsampled pixels, written as /features/px.
    let raw = directory.appendingPathComponent("raw.h5").path
    try RunnerFixtures.writeDataset(at: raw)
    let reader = try GlyphDatasetReader(path: raw)
    let images = try reader.allImages()
    var pixels: [UInt8] = []
    for i in 0..<images.count { pixels += images.image(i) }
    let writer = try GlyphDatasetWriter(
      path: dataset,
      metadata: DatasetMetadata(name: "pipeline-fixture", source: "synthetic test glyphs", license: "CC0-1.0"),
      height: images.height, width: images.width)
    try writer.append(images: pixels, labels: try reader.labels())
    try writer.setClasses(try reader.classes())
    let stored = Matrix(rows: images.count, columns: 16) { i, j in
      Float(images.image(i)[images.image(i).startIndex + j * 9]) / 255
    }
    try writer.addFeatures("px", stored)
    try writer.finish()

    let log = directory.appendingPathComponent("log.h5").path
    let specPath = try RunnerFixtures.write(Self.spec(dataset: dataset, log: log), to: "spec.yaml", in: directory)
    let run = try ProcessRunner.run(glyphlab, ["run", specPath, "features.name=px"])
    #expect(run.status == 0, "\(run.stderr)")
    let recordings = try RunnerFixtures.recordings(log)
    #expect(recordings.count == 2)
    let features = Set(recordings.values.compactMap { $0.strings["features"] })
    #expect(features == ["hog-o9-c4-b2+pca8", "features/px+pca8"])
    #expect(recordings.values.allSatisfy { ($0.scalars["final_accuracy"] ?? .nan).isFinite })
    let report = try ProcessRunner.run(
      glyphlab, ["report", log, "--out", directory.appendingPathComponent("r.md").path])
    #expect(report.status == 0, "\(report.stderr)")
  }
}
