import Foundation
import GlyphLabCore
import GlyphLabFiles
import GlyphLabRunLog
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

  @Test func resultsDoNotDependOnTheNumberOfJobs() throws {
    let setup = try Setup("jobs")
    let spec = try setup.spec()
    let one = setup.directory.appendingPathComponent("one.h5").path
    let two = setup.directory.appendingPathComponent("two.h5").path
    _ = try ExperimentRunner(spec: spec, options: options(jobs: 1, log: one)).run()
    _ = try ExperimentRunner(spec: spec, options: options(jobs: 2, log: two)).run()
    let a = try RunnerFixtures.recordings(one)
    let b = try RunnerFixtures.recordings(two)
    #expect(a.count == 16)
    #expect(a == b)
    // Not trivially equal: the sweep changes the scores.
    #expect(Set(a.values.compactMap { $0.scalars["ari"] }).count > 1)
  }

  @Test func failedRunsAreRecordedWithTheirErrorAndRetriedOnResume() throws {
    let setup = try Setup("failed")
    let spec = try setup.spec(["sweep.clustering.clusters=[3, 500]", "sweep.features.downsample=[1]", "seeds=[1]"])
    let summary = try ExperimentRunner(spec: spec, options: options(jobs: 2)).run()
    #expect(summary.completed == 2 && summary.failed == 2)
    let reader = try RunLogReader(path: setup.logPath)
    let failed = try reader.entries().filter { $0.status == .failed }
    #expect(failed.count == 2)
    #expect(failed.allSatisfy { $0.error.contains("clusters") && $0.error.contains("500") })
    #expect(!reader.header.finishedAt.isEmpty)
    #expect(try RunListing.table(reader).contains("\(failed[0].id) failed: "))
    let again = try ExperimentRunner(spec: spec, options: options(jobs: 1, resume: true)).run()
    #expect(again.skipped == 2 && again.failed == 2 && again.completed == 0)
  }

  @Test func anExistingLogIsNeverReplacedSilently() throws {
    let setup = try Setup("exists")
    let spec = try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]"])
    _ = try ExperimentRunner(spec: spec, options: options(jobs: 1)).run()
    let before = try Data(contentsOf: URL(fileURLWithPath: setup.logPath))
    let exists = #expect(throws: OutputError.self) { try ExperimentRunner(spec: spec, options: options(jobs: 1)).run() }
    #expect(
      exists?.description
        == "\(setup.logPath) exists and holds HDF5 with format \"glyphlab-run-log\"; pass --overwrite to replace it, "
        + "or --resume to finish its remaining runs, or write elsewhere")
    let other = try setup.spec(["seeds=[2]", "sweep.features.downsample=[1]"])
    let error = #expect(throws: RunLogError.self) {
      try ExperimentRunner(spec: other, options: options(jobs: 1, resume: true)).run()
    }
    #expect(error?.message.hasPrefix("the log was made from a different spec") == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: setup.logPath)) == before)
    var overwrite = options(jobs: 1)
    overwrite.overwrite = true
    let summary = try ExperimentRunner(spec: other, options: overwrite).run()
    #expect(summary.completed == 4)
    #expect(try RunLogReader(path: setup.logPath).header.specHash == other.specHash)
  }

  @Test func resumingACompleteLogRunsNothing() throws {
    let setup = try Setup("complete")
    let spec = try setup.spec(["seeds=[1]"])
    _ = try ExperimentRunner(spec: spec, options: options(jobs: 2)).run()
    let before = try RunnerFixtures.recordings(setup.logPath)
    let summary = try ExperimentRunner(spec: spec, options: options(jobs: 2, resume: true)).run()
    #expect(summary.skipped == 8 && summary.completed == 0)
    #expect(try RunnerFixtures.recordings(setup.logPath) == before)
    let sessions = SessionRecord.decode(try RunLogReader(path: setup.logPath).header.sessions)
    #expect(sessions.map(\.action) == ["run", "resume"])
  }

  @Test func predictionsAreStoredOnlyWhenAsked() throws {
    let setup = try Setup("predictions")
    let without = try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]", "sweep.clustering.clusters=[3]"])
    _ = try ExperimentRunner(spec: without, options: options(jobs: 1)).run()
    let run = try #require(without.runs.first)
    #expect(try RunLogReader(path: setup.logPath).predictions(run.id) == nil)
    let with = try setup.spec([
      "seeds=[1]", "sweep.features.downsample=[1]", "sweep.clustering.clusters=[3]", "log_predictions=true",
    ])
    #expect(with.runs.map(\.id) == without.runs.map(\.id))
    var overwrite = options(jobs: 1)
    overwrite.overwrite = true
    _ = try ExperimentRunner(spec: with, options: overwrite).run()
    let predictions = try #require(try RunLogReader(path: setup.logPath).predictions(run.id))
    #expect(predictions.labels.count == 120)
    #expect(Set(predictions.labels) == [0, 1, 2])
    #expect(predictions.touched == nil)
  }

  @Test func theRecorderChecksNamesAndFillsMissingCurveValues() throws {
    let recorder = RunRecorder(runID: "x", wantsPredictions: false)
    try recorder.appendCurveRow(["accuracy": 0.5], integers: ["labels": 10])
    try recorder.appendCurveRow(["accuracy": 0.7, "cost": 3], integers: ["labels": 20, "actions_type": 4])
    let curves = Dictionary(uniqueKeysWithValues: recorder.recording.curves.map { ($0.name, $0) })
    #expect(curves["accuracy"]?.doubles == [0.5, 0.7])
    #expect(curves["cost"]?.doubles.first?.isNaN == true && curves["cost"]?.doubles.last == 3)
    #expect(curves["labels"]?.integers == [10, 20])
    #expect(curves["actions_type"]?.integers == [0, 4])
    #expect(recorder.recording.rounds == 2)
    #expect(throws: GlyphLabError.self) { try recorder.appendCurveRow(["labels": 1]) }
    #expect(throws: GlyphLabError.self) { try recorder.setScalar("status", 1) }
    #expect(throws: GlyphLabError.self) { try recorder.setScalar("p.x", 1) }
    #expect(throws: GlyphLabError.self) { try recorder.setScalar("a/b", 1) }
    try recorder.setPredictions(labels: [1, 2])
    #expect(recorder.recording.predictions == nil)
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
