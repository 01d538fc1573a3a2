import Foundation
import GlyphLabConfig
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// A pipeline run that would not fit in memory is refused before any work (issue 15), with
/// the estimate, its parts and the limit.
@Suite("pipeline memory check")
struct PipelineMemoryTests {
  @Test func anExperimentOverTheLimitIsRefusedWithBothFigures() throws {
    let directory = try TestPaths.temporaryDirectory("pipeline-memory")
    // 3,000 glyphs of 12×12 pixels: 144 features a glyph, held three times, 4 bytes each, and
    // 64 bytes of state: 3,000 × (144 × 12 + 64) = 5,376,000 bytes, 5.1 MiB.
    let dataset = try DegenerateDatasetTests.write(
      "memory.h5", count: 3000, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let log = directory.appendingPathComponent("memory-log.h5").path
    func spec(_ limit: Int) throws -> ExperimentSpec {
      try ExperimentSpec.parse(
        """
        experiment: memory
        kind: pipeline
        seeds: [1]
        parameters:
          dataset: {path: \(dataset)}
          features: {kind: pixels, downsample: 1, pca: 0}
          pipeline: {memory_limit_mb: \(limit)}
        log: \(log)
        """, file: "memory.yaml")
    }
    let error = try #require(
      throws: ConfigError.self, performing: { try ExperimentRunner(spec: try spec(5)).checkInputs() })
    #expect(error.key == "parameters.pipeline.memory_limit_mb", "\(error)")
    #expect(
      error.message.contains(
        "3000 glyphs of \(dataset) need about 5.1 MiB (features 4.9 MiB, per-glyph state 0.2 MiB), more than "
          + "pipeline.memory_limit_mb (5.0 MiB)"), "\(error.message)")
    #expect(!FileManager.default.fileExists(atPath: log))
    // 6 MiB holds the 5.1 MiB estimate.
    try ExperimentRunner(spec: try spec(6)).checkInputs()
  }
}
