import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// A kind defined outside the library, recording everything a pipeline-like kind records:
/// integer and float curves, string and integer summaries, episodes, predictions with
/// `touched`.
struct EchoExperiment: ExperimentKind {
  static let name = "echo"
  static let schema = ParameterSchema([
    ParameterDefinition("loop.rounds", .int(0...100), default: .int(3), doc: "rounds to record"),
    ParameterDefinition("loop.fail_at", .int(-1...100), default: .int(-1), doc: "throw at this round (-1: never)"),
    ParameterDefinition("names", .strings, default: .strings(["a", "b"]), doc: "episode methods"),
  ])

  let rounds: Int
  let failAt: Int
  let names: [String]

  init(parameters: ResolvedParameters) throws {
    rounds = try parameters.int("loop.rounds")
    failAt = try parameters.int("loop.fail_at")
    names = try parameters.strings("names")
    if failAt >= rounds { throw parameters.error("loop.fail_at", "is past the last round (\(rounds - 1))") }
  }

  func run(seed: UInt64, recorder: RunRecorder) throws {
    var generator = SeededGenerator(seed: seed)
    for round in 0..<rounds {
      if round == failAt {
        throw GlyphLabError.invalidArgument(
          operation: "echo", name: "round", value: "\(round)", reason: "asked to fail")
      }
      try recorder.appendCurveRow(
        ["accuracy": generator.uniformDouble(), "cost": Double(round) * 1.5],
        integers: ["round": round, "labels": round * 5])
    }
    try recorder.setScalar("final_accuracy", generator.uniformDouble())
    try recorder.setScalar("labels_to_target", .nan)
    try recorder.setInteger("rounds", rounds)
    try recorder.setString("stop_reason", "budget")
    for name in names { try recorder.setEpisodes(method: name, (0..<4).map { _ in generator.uniformDouble() }) }
    try recorder.setPredictions(
      labels: (0..<10).map { Int32($0 % 3) }, touched: (0..<10).map { $0 % 2 == 0 })
  }
}

@Suite("experiment kinds registered outside the library")
struct CustomKindTests {
  static let registry: ExperimentRegistry = {
    var registry = ExperimentRegistry.standard
    registry.register(EchoExperiment.self)
    return registry
  }()

  @Test func everythingAKindRecordsReadsBackUnchanged() throws {
    let directory = try TestPaths.temporaryDirectory("echo")
    let log = directory.appendingPathComponent("echo.h5").path
    let text = """
      experiment: echo
      kind: echo
      seeds: [3, 4]
      log_predictions: true
      parameters:
        loop: {rounds: 4}
      sweep:
        names: [[x], [y, z]]
      ablation:
        components:
          broken: {loop.fail_at: 2}
      log: \(log)
      """
    let spec = try ExperimentSpec.parse(text, file: "echo.yaml", registry: Self.registry)
    #expect(spec.runs.count == 8)
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 4 && summary.failed == 4)

    let reader = try RunLogReader(path: log)
    #expect(reader.header.keyMetrics == [])
    for run in spec.runs {
      let entry = try reader.entry(run.id)
      // The same run recorded directly, without runner or log.
      let recorder = RunRecorder(runID: run.id, wantsPredictions: true)
      var thrown: String?
      do {
        try EchoExperiment(parameters: run.parameters).run(seed: run.seed, recorder: recorder)
      } catch {
        thrown = "\(error)"
      }
      if let thrown {
        #expect(entry.status == .failed)
        #expect(entry.error == thrown)
        #expect(try reader.curves(run.id).first { $0.name == "round" }?.integers == [0, 1])
      } else {
        #expect(entry.status == .complete)
        #expect(try reader.recording(run.id) == sorted(recorder.recording))
        #expect(entry.strings["stop_reason"] == "budget")
        #expect(entry.scalars["labels_to_target"]?.isNaN == true)
        #expect(try reader.predictions(run.id)?.touched == (0..<10).map { $0 % 2 == 0 })
      }
    }
    let table = try RunListing.table(reader)
    #expect(table.contains("final_accuracy") && table.contains("labels_to_target"))
    #expect(table.contains("4 complete, 4 failed"))
  }

  @Test func aKindsOwnChecksRunBeforeAnything() {
    let text = """
      experiment: echo
      kind: echo
      parameters:
        loop: {rounds: 2}
      sweep:
        loop.fail_at: [0, 5]
      """
    #expect(
      throws: ConfigError(
        file: "echo.yaml", line: 6, key: "sweep.loop.fail_at.1", message: "is past the last round (1)")
    ) {
      try ExperimentSpec.parse(text, file: "echo.yaml", registry: Self.registry)
    }
  }

  /// A recording with curves and episodes in the reader's (name) order.
  func sorted(_ recording: RunRecording) -> RunRecording {
    var out = recording
    out.curves.sort { $0.name < $1.name }
    out.episodes.sort { $0.method < $1.method }
    return out
  }
}
