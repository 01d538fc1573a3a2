import Foundation
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabTestSupport
import Testing

/// The pipeline on degenerate datasets (issue 14): one glyph is a clear error naming the
/// file; identical or blank images are a clear error with the cosine metric, and run with
/// squared Euclidean.
@Suite("pipeline on degenerate datasets")
struct DegenerateDatasetTests {
  static func write(_ name: String, count: Int, pixel: (Int) -> UInt8, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent(name).path
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: name, source: "GlyphLab tests", license: "CC0-1.0"), height: 12,
      width: 12)
    try writer.append(images: (0..<(count * 144)).map { pixel($0 % 144) }, labels: (0..<count).map { Int32($0 % 3) })
    try writer.setClasses(["a", "b", "c"])
    try writer.finish()
    return path
  }

  @Test func oneGlyphIsAClearErrorNamingTheDataset() throws {
    let directory = try TestPaths.temporaryDirectory("one-glyph")
    let path = try Self.write("one.h5", count: 1, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let error = #expect(throws: DatasetError.self) { try PipelineExperiment(dataset: path).run(seed: 1) }
    #expect(error?.path == path)
    #expect(error?.reason.hasPrefix("has 1 glyph; the pipeline needs at least 2") == true, "\(error?.reason ?? "")")
  }

  @Test func identicalOrBlankImagesNeedAMetricWithoutDirectionAndThenRunToTheEnd() throws {
    let directory = try TestPaths.temporaryDirectory("identical")
    let same = try Self.write("same.h5", count: 30, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let blank = try Self.write("blank.h5", count: 30, pixel: { _ in 0 }, in: directory)
    for path in [same, blank] {
      // Their features (centred by PCA, or blank) are all zero: no direction for the default
      // cosine metric. A clear error naming the dataset, the glyph and the way out...
      let error = #expect(throws: DatasetError.self) { try PipelineExperiment(dataset: path).run(seed: 1) }
      #expect(error?.path == path)
      #expect(
        error?.reason.hasPrefix("glyph 0 has all-zero features after PCA centring") == true, "\(error?.reason ?? "")")
      // ...which works: glyphs that cannot be told apart are settled by the person, and every
      // glyph ends labelled right.
      var euclidean = PipelineExperiment(dataset: path)
      euclidean.classifier.metric = "sqeuclidean"
      let outcome = try euclidean.run(seed: 1)
      #expect(outcome.glyphs == 30)
      #expect(outcome.result.curve.points.last?.accuracy == 1)
    }
  }
}
