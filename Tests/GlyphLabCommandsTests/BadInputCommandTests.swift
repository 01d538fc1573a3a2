import Foundation
import GlyphLabTestSupport
import Testing

/// Command-level bad input from issue 14: a clear error naming the file and exit status 1,
/// never usage text (exit 64) or Foundation's raw NSCocoaErrorDomain text.
@Suite("bad input at the command line")
struct BadInputCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  /// Writes a 4-image IDX pair and imports it as a dataset without pages.
  func datasetWithoutPages(in directory: URL) throws -> String {
    let labels = directory.appendingPathComponent("labels.idx")
    let images = directory.appendingPathComponent("images.idx")
    try Data([0, 0, 8, 1, 0, 0, 0, 4, 0, 1, 0, 1]).write(to: labels)
    try Data([0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 2] + (0..<16).map { UInt8($0 * 9) }).write(to: images)
    let out = directory.appendingPathComponent("flat.h5").path
    let result = try ProcessRunner.run(
      try glyphlab(), ["datasets", "import", "idx", images.path, labels.path, "-o", out])
    try #require(result.status == 0, "\(result.stderr)")
    return out
  }

  @Test func detectOnAFileWithoutPagesSaysSoWithoutUsageText() throws {
    let directory = try TestPaths.temporaryDirectory("detect-no-pages")
    let dataset = try datasetWithoutPages(in: directory)
    let result = try ProcessRunner.run(try glyphlab(), ["detect", dataset])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(dataset): has no pages"), "\(result.stderr)")
    #expect(!result.stderr.contains("Usage"), "\(result.stderr)")
  }

  @Test func foundationErrorsNameThePathAndTheCause() throws {
    let directory = try TestPaths.temporaryDirectory("foundation-error")
    let dataset = try datasetWithoutPages(in: directory)
    // The log's folder would have to be made inside a regular file.
    let log = directory.appendingPathComponent("flat.h5/logs/run.h5").path
    let spec = directory.appendingPathComponent("spec.yaml")
    try """
    experiment: x
    kind: clustering
    parameters:
      dataset: {path: \(dataset)}
      clustering: {clusters: 2}
    log: \(log)
    """.write(to: spec, atomically: true, encoding: .utf8)
    let result = try ProcessRunner.run(try glyphlab(), ["run", spec.path])
    #expect(result.status == 1)
    #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
    #expect(result.stderr.contains(directory.appendingPathComponent("flat.h5").path), "\(result.stderr)")
    #expect(result.stderr.contains("cannot write: not a directory (\(dataset) is a file)"), "\(result.stderr)")
  }
}
