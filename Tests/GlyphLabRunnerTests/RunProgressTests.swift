import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("progress inside a run")
struct RunProgressTests {
  @Test func verbosePrintsOneLinePerRoundWithoutATerminal() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("progress")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = directory.appendingPathComponent("glyphs.h5").path
    try PredictionLogTests.writeDataset(at: dataset)
    let log = directory.appendingPathComponent("log.h5").path
    let spec = try RunnerFixtures.write(
      """
      experiment: progress
      kind: pipeline
      seeds: [1, 2]
      target: 0.999
      parameters:
        dataset: {path: \(dataset)}
        features: {kind: pixels, pca: 0}
        query: {strategy: random}
        pipeline: {batch_size: 8, max_rounds: 3}
      log: \(log)
      """, to: "spec.yaml", in: directory)
    let verbose = try ProcessRunner.run(glyphlab, ["run", spec, "--verbose"], environment: ["CI": "true"])
    #expect(verbose.status == 0, "\(verbose.stderr)")
    let lines = verbose.stderr.split(separator: "\n").filter { $0.contains(" round ") }
    let reader = try RunLogReader(path: log)
    let entries = try reader.entries()
    let rounds = try entries.map { try #require($0.integers["rounds"]) }.reduce(0, +)
    #expect(lines.count == rounds, "\(verbose.stderr)")
    for entry in entries {
      let own = lines.filter { $0.hasPrefix("  \(entry.id) round ") }
      #expect(own.count == entry.integers["rounds"])
      #expect(own.first?.contains("round 0: 8 labels, cost 32 s, accuracy ") == true, "\(own)")
    }
    let quiet = try ProcessRunner.run(glyphlab, ["run", spec, "--overwrite"], environment: ["CI": "true"])
    #expect(quiet.status == 0 && !quiet.stderr.contains(" round 0"))
  }
}
