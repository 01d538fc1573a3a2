import Foundation
import GlyphLabDatasets
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// The pipeline kind on degenerate datasets (issue 14): one glyph, and identical or blank
/// images with the cosine metric, fail with a clear error naming the dataset; identical
/// images run with squared Euclidean distances.
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

  /// Runs a one-seed pipeline spec on `dataset` and returns the run's log entry.
  static func run(_ dataset: String, in directory: URL, _ extra: String = "") throws -> RunLogEntry {
    let log = directory.appendingPathComponent("log-\(UUID().uuidString).h5").path
    let spec = try ExperimentSpec.parse(
      """
      experiment: degenerate
      kind: pipeline
      seeds: [1]
      parameters:
        dataset: {path: \(dataset)}
      \(extra)
      log: \(log)
      """, file: "degenerate.yaml")
    _ = try ExperimentRunner(spec: spec).run()
    return try #require(try RunLogReader(path: log).entries().first)
  }

  @Test func oneGlyphIsAClearErrorNamingTheDataset() throws {
    let directory = try TestPaths.temporaryDirectory("one-glyph")
    let path = try Self.write("one.h5", count: 1, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let entry = try Self.run(path, in: directory)
    #expect(entry.status == .failed)
    #expect(entry.error.hasPrefix("\(path): has 1 glyph(s) to use; the pipeline needs at least 2"), "\(entry.error)")
  }

  @Test func identicalOrBlankImagesNeedAMetricWithoutDirection() throws {
    let directory = try TestPaths.temporaryDirectory("identical")
    let same = try Self.write("same.h5", count: 30, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let blank = try Self.write("blank.h5", count: 30, pixel: { _ in 0 }, in: directory)
    for path in [same, blank] {
      let entry = try Self.run(path, in: directory)
      #expect(entry.status == .failed)
      #expect(entry.error.hasPrefix("\(path): glyph 0 has all-zero features"), "\(entry.error)")
    }
    let euclidean = try Self.run(same, in: directory, "  classifier: {metric: sqeuclidean}")
    #expect(euclidean.status == .complete, "\(euclidean.error)")
  }
}
