import Foundation
import GlyphLabCore
import GlyphLabRunner
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("fewshot kind")
struct FewShotExperimentTests {
  struct Setup {
    let directory: URL
    let dataset: String
    let logPath: String

    init(_ label: String) throws {
      directory = try TestPaths.temporaryDirectory(label)
      dataset = try FewShotFixtures.writeDataset(at: directory.appendingPathComponent("glyphs.h5").path)
      logPath = directory.appendingPathComponent("log.h5").path
    }

    func spec(_ overrides: [String] = [], extra: String = "") throws -> ExperimentSpec {
      try ExperimentSpec.parse(
        FewShotFixtures.spec(dataset: dataset, log: logPath, extra: extra), file: "fewshot.yaml",
        overrides: overrides)
    }

    /// The error `ExperimentRunner.run` throws for `overrides`, checking it leaves no log.
    func runError(_ overrides: [String]) throws -> String {
      let spec = try spec(overrides)
      do {
        _ = try ExperimentRunner(spec: spec).run()
        return "no error"
      } catch {
        #expect(!FileManager.default.fileExists(atPath: logPath), "a failed check left a log")
        return "\(error)"
      }
    }
  }

  @Test func everyMethodRunsOnTheSameEpisodesAndIsLogged() throws {
    let setup = try Setup("fewshot-run")
    let summary = try ExperimentRunner(spec: try setup.spec(["sweep.fewshot.shots=[1, 2]", "seeds=[1]"])).run()
    #expect(summary.completed == 2 && summary.failed == 0)
    let recordings = try RunnerFixtures.recordings(setup.logPath)
    #expect(recordings.count == 2)
    for recording in recordings.values {
      let methods = recording.episodes.map(\.method)
      #expect(methods.sorted() == FewShotMethod.allCases.map(\.rawValue).sorted())
      for (method, accuracies) in recording.episodes {
        #expect(accuracies.count == 12)
        let mean = accuracies.reduce(0, +) / 12
        #expect(abs((recording.scalars["accuracy_\(method)"] ?? .nan) - mean) < 1e-12)
        let ci = try ConfidenceInterval(values: accuracies)
        #expect(abs((recording.scalars["accuracy_\(method)_ci"] ?? .nan) - ci.halfWidth) < 1e-12)
      }
      #expect(recording.integers["episodes_run"] == 12)
      #expect(recording.strings["dataset_source"] == "synthetic test glyphs")
    }
  }

  /// With one shot, cosine 1-NN and the cosine prototype are the same rule, so they score the
  /// same on every episode only if both saw exactly the same episodes.
  @Test func pairedEpisodesAreIdenticalAcrossMethods() throws {
    let setup = try Setup("fewshot-paired")
    let spec = try setup.spec(["fewshot.methods=[prototype, knn, simpleshot-l2n]", "fewshot.episodes=40"])
    _ = try ExperimentRunner(spec: spec).run()
    for recording in try RunnerFixtures.recordings(setup.logPath).values {
      let byMethod = Dictionary(uniqueKeysWithValues: recording.episodes.map { ($0.method, $0.accuracies) })
      #expect(byMethod["prototype"] == byMethod["knn"])
      #expect(byMethod["prototype"]?.count == 40)
    }
  }

  @Test func tooManyWaysUnderTheConstraintNamesTheKeyAndTheCount() throws {
    let setup = try Setup("fewshot-ways")
    let message = try setup.runError(["fewshot.ways=5"])
    #expect(message.contains("parameters.fewshot.ways"), "\(message)")
    #expect(message.contains("the best of the 2 values has only 4 such classes"), "\(message)")
    #expect(message.contains("(within alphabet)"), "\(message)")
  }

  @Test func moreShotsAndQueriesThanAClassHasNamesTheKey() throws {
    let setup = try Setup("fewshot-shots")
    let message = try setup.runError(["fewshot.shots=5", "fewshot.queries=4"])
    #expect(message.contains("parameters.fewshot.shots"), "\(message)")
    #expect(message.contains("at least 9 glyphs (5 shots + 4 queries)"), "\(message)")
    #expect(message.contains("only 0 such classes"), "\(message)")
    let unconstrained = try setup.runError(["fewshot.constraint=none", "fewshot.ways=9"])
    #expect(unconstrained.contains("parameters.fewshot.ways"), "\(unconstrained)")
    #expect(unconstrained.contains("only 8 of 8 classes qualify"), "\(unconstrained)")
  }

  @Test func unknownGroupsValuesAndMethodsSuggestTheNearest() throws {
    let setup = try Setup("fewshot-names")
    #expect(try setup.runError(["fewshot.group=alphabt"]).contains("did you mean 'alphabet'?"))
    let across = try setup.runError([
      "fewshot.constraint=across", "fewshot.group=edition", "fewshot.support_value=a", "fewshot.query_value=bb",
    ])
    #expect(across.contains("parameters.fewshot.query_value") && across.contains("did you mean 'b'?"), "\(across)")
    do {
      _ = try setup.spec(["fewshot.methods=[prototype, simpleshot-cl2m]"])
      Issue.record("an unknown method was accepted")
    } catch {
      #expect("\(error)".contains("did you mean 'simpleshot-cl2n'"), "\(error)")
    }
  }

  @Test func acrossGroupsTakesSupportFromOneValueAndQueriesFromTheOther() throws {
    let setup = try Setup("fewshot-across")
    let spec = try setup.spec([
      "fewshot.constraint=across", "fewshot.group=edition", "fewshot.support_value=a", "fewshot.query_value=b",
      "fewshot.methods=[prototype]",
    ])
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 2)
    // Independently: the sampler's episodes put support in edition a (even copies) only.
    let labels = (0..<8).flatMap { c in [Int32](repeating: Int32(c), count: 8) }
    let editions = (0..<64).map { Int32($0 % 2) }
    let sampler = try ConstrainedEpisodeSampler(
      labels: labels, constraint: .acrossGroups(groups: editions, support: 0, query: 1), ways: 3, shots: 1,
      queriesPerClass: 4, seed: 1)
    for episode in sampler.episodes(20) {
      #expect(episode.supportRows.allSatisfy { editions[$0] == 0 })
      #expect(episode.queryRows.allSatisfy { editions[$0] == 1 })
      #expect(Set(episode.queryLabels) == Set(episode.supportLabels))
    }
  }

  @Test func fixedEpisodesRunAsStoredAndBadOnesAreRefused() throws {
    let setup = try Setup("fewshot-fixed")
    // Two episodes: classes 0 and 1, one support and two queries each (rows: class c is 8c..<8c+8).
    let good: [(row: Int32, episode: Int32, role: Int32)] = [
      (0, 0, 0), (8, 0, 0), (1, 0, 1), (2, 0, 1), (9, 0, 1), (10, 0, 1),
      (16, 1, 0), (24, 1, 0), (17, 1, 1), (25, 1, 1),
    ]
    try FixedEpisodes.write(path: setup.dataset, name: "protocol", members: good)
    try FixedEpisodes.write(path: setup.dataset, name: "bad-row", members: good + [(999, 1, 1)])
    try FixedEpisodes.write(path: setup.dataset, name: "no-support", members: good + [(33, 1, 1)])
    let overrides = ["fewshot.constraint=none", "fewshot.methods=[prototype, knn]"]
    _ = try ExperimentRunner(spec: try setup.spec(overrides + ["fewshot.fixed_episodes=protocol"])).run()
    for recording in try RunnerFixtures.recordings(setup.logPath).values {
      #expect(recording.integers["episodes_run"] == 2)
      #expect(recording.episodes.allSatisfy { $0.accuracies.count == 2 })
    }
    try FileManager.default.removeItem(atPath: setup.logPath)
    let row = try setup.runError(overrides + ["fewshot.fixed_episodes=bad-row"])
    #expect(row.contains("parameters.fewshot.fixed_episodes") && row.contains("names image 999"), "\(row)")
    let support = try setup.runError(overrides + ["fewshot.fixed_episodes=no-support"])
    #expect(support.contains("episode 1 has a query of class 4 but no support image of that class"), "\(support)")
    let missing = try setup.runError(overrides + ["fewshot.fixed_episodes=other"])
    #expect(missing.contains("missing (the dataset has bad-row, no-support, protocol)"), "\(missing)")
  }
}

@Suite("fewshot end to end: run, log, report")
struct FewShotReportTests {
  @Test func runThenReportShowsTheMethodTablePairedDifferencesAndTheShotsChart() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let setup = try FewShotExperimentTests.Setup("fewshot-report")
    let specPath = try RunnerFixtures.write(
      FewShotFixtures.spec(dataset: setup.dataset, log: setup.logPath), to: "spec.yaml", in: setup.directory)
    let run = try ProcessRunner.run(
      glyphlab,
      ["run", specPath, "sweep.fewshot.shots=[1, 2]", "fewshot.methods=[prototype, knn, logistic-regression]"])
    #expect(run.status == 0, "\(run.stderr)")
    let report = setup.directory.appendingPathComponent("report.md").path
    let rendered = try ProcessRunner.run(glyphlab, ["report", setup.logPath, "--out", report])
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let text = try String(contentsOfFile: report, encoding: .utf8)
    #expect(text.contains("## Few-shot results"))
    #expect(text.contains("### Paired differences against the best method"))
    #expect(text.contains("| `fewshot.shots=1` | 24 |"), "\(text)")
    #expect(text.contains("synthetic test glyphs"))
    // Throughput is measured for every method (timing scalars are in the log, not the recordings).
    let tail = text.components(separatedBy: "Queries classified per second").last ?? ""
    let rates = tail.components(separatedBy: "\n## ").first ?? ""
    #expect(rates.contains("| `fewshot.shots=2` |") && !rates.contains("—"), "\(rates)")
    let chart = setup.directory.appendingPathComponent("report-accuracy-shots-1.svg").path
    #expect(FileManager.default.fileExists(atPath: chart))
  }
}
