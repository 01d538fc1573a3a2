import Foundation
import GlyphLabCore
import GlyphLabRunner
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("experiment runner")
struct ExperimentRunnerTests {
  /// A directory with the fixture dataset and spec.
  struct Setup {
    let directory: URL
    let dataset: String
    let specPath: String
    let logPath: String

    init(_ label: String, experiment: String = "fixture") throws {
      directory = try TestPaths.temporaryDirectory(label)
      dataset = try RunnerFixtures.writeDataset(at: directory.appendingPathComponent("glyphs.h5").path)
      logPath = directory.appendingPathComponent("log.h5").path
      specPath = try RunnerFixtures.write(
        RunnerFixtures.spec(dataset: dataset, log: logPath, experiment: experiment), to: "spec.yaml", in: directory)
    }

    func spec(_ overrides: [String] = []) throws -> ExperimentSpec {
      try ExperimentSpec.load(path: specPath, overrides: overrides)
    }
  }

  func options(jobs: Int, log: String? = nil, resume: Bool = false) -> RunnerOptions {
    var options = RunnerOptions()
    options.jobs = jobs
    options.logPath = log
    options.resume = resume
    return options
  }

  @Test func aFullRunLogsEveryRunWithTheScoresOfADirectComputation() throws {
    let setup = try Setup("full")
    let spec = try setup.spec()
    let summary = try ExperimentRunner(spec: spec, options: options(jobs: 2)).run()
    #expect(summary.completed == 16 && summary.failed == 0 && summary.skipped == 0)
    let reader = try RunLogReader(path: setup.logPath)
    #expect(reader.header.experiment == "fixture")
    #expect(reader.header.specHash == spec.specHash)
    #expect(reader.header.plannedRuns == spec.runs.map(\.id))
    #expect(!reader.header.finishedAt.isEmpty)
    #expect(reader.header.spec == (try String(contentsOfFile: setup.specPath, encoding: .utf8)))
    let entries = try reader.entries()
    #expect(entries.map(\.id) == spec.runs.map(\.id))
    #expect(entries.allSatisfy { $0.status == .complete })

    // Recompute one run directly: pixel features, k-means, metrics.
    let run = try #require(spec.runs.first { $0.ablation == "raw_pixels" && $0.seed == 2 })
    let dataset = try GlyphDatasetReaderShim.load(setup.dataset)
    let features = downsample(dataset.images, factor: try run.parameters.int("features.downsample"))
    let result = try KMeans(clusters: try run.parameters.int("clustering.clusters"), maxIterations: 50, seed: 2)
      .cluster(features)
    let metrics = try ClusteringMetrics(truth: dataset.labels, predicted: result.labels)
    let entry = try reader.entry(run.id)
    #expect(entry.scalars["ari"] == metrics.adjustedRandIndex)
    #expect(entry.scalars["nmi"] == metrics.normalizedMutualInformation)
    #expect(entry.scalars["purity"] == metrics.purity)
    #expect(entry.integers["iterations"] == result.iterations)
    #expect(entry.seed == 2)
    #expect(entry.ablation == "raw_pixels")
    let curves = try reader.curves(run.id)
    #expect(curves.first { $0.name == "ari" }?.doubles == [metrics.adjustedRandIndex])
  }

  /// Block means of pixel/255, written independently of the kind's code.
  func downsample(_ images: GlyphImages, factor: Int) -> Matrix {
    let oh = (images.height + factor - 1) / factor
    let ow = (images.width + factor - 1) / factor
    return Matrix(rows: images.count, columns: oh * ow) { n, j in
      let (by, bx) = (j / ow, j % ow)
      var sum = 0.0
      var count = 0.0
      for y in (by * factor)..<min(images.height, by * factor + factor) {
        for x in (bx * factor)..<min(images.width, bx * factor + factor) {
          sum += Double(images.pixels[n * images.imageSize + y * images.width + x]) / 255
          count += 1
        }
      }
      return Float(sum / count)
    }
  }
}
