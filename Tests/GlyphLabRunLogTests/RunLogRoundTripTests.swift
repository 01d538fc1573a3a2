import Foundation
import GlyphLabCore
import GlyphLabHDF5
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

/// The writer and the reader of `GlyphLabRunLog` used directly, as a library other than the
/// runner would: what is written is what is read back, whoever reads it.
@Suite("run log: one writer, one reader")
struct RunLogRoundTripTests {
  static func header(runs: [String]) -> RunLogHeader {
    RunLogHeader(
      experiment: "round-trip", kind: "annotation", spec: "experiment: round-trip\n", specPath: "spec.yaml",
      specHash: "abc", specResolved: "{}", overrides: "", command: "test",
      provenance: Provenance.collect(blasThreads: 1),
      startedAt: Provenance.now(), finishedAt: "", target: 0.9, plannedRuns: runs, experimentRuns: runs,
      keyMetrics: ["accuracy"], shard: "", sessions: "[]")
  }

  static func outcome() throws -> (RunOutcome, LoggedDataset) {
    let run = LoggedRun(
      id: "r1", index: 3, seed: UInt64.max - 6,
      parameters: [
        "a.k": .int(4), "a.x": .double(0.5), "a.on": .bool(true), "a.s": .string("t"), "a.l": .strings(["u", "v"]),
      ],
      sweepJSON: #"{"a.k":4}"#, ablation: "base")
    let dataset = LoggedDataset(
      path: "glyphs.h5", truth: [0, 1, 1, 2], classNames: ["x", "y", "z"],
      groups: [LoggedDataset.Group(name: "font", values: [0, 0, 1, -1], names: ["A", "B"])])
    var recording = RunRecording()
    recording.scalars = ["accuracy": 0.75, "unreached": .nan]
    recording.integers = ["labels": 12]
    recording.strings = ["stop_reason": "budget"]
    var rounds = CurveSeries(name: "round", isInteger: true)
    rounds.integers = [0, 1]
    var accuracy = CurveSeries(name: "accuracy", isInteger: false)
    accuracy.doubles = [0.5, 0.75]
    recording.curves = [accuracy, rounds]
    recording.rounds = 2
    recording.episodes = [("knn", [0.5, 1.0])]
    let images = try GlyphImages(count: 1, height: 2, width: 3, pixels: [0, 255, 1, 2, 3, 4])
    let exemplars = try GlyphImages(count: 1, height: 2, width: 3, pixels: [9, 8, 7, 6, 5, 4])
    recording.predictions = LoggedPredictions(
      labels: [0, 1, 2, 2], touched: [true, false, false, true], settledRound: [0, -1, -1, 1],
      dataset: dataset.groupPath,
      errors: try ErrorSample(indices: [2], exemplars: [3], images: images, exemplarImages: exemplars))
    recording.dataset = dataset
    return (
      RunOutcome(
        run: run, status: .complete, error: "", recording: recording, startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:00:01.000Z"),
      dataset
    )
  }

  @Test func whatIsWrittenReadsBackWhole() throws {
    let directory = try TestPaths.temporaryDirectory("runlog")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("log.h5").path
    let (outcome, dataset) = try Self.outcome()
    let lock = try RunLogLock(logPath: path)
    let writer = RunLogWriter(path: path)
    try writer.create(header: Self.header(runs: ["r1", "r2"]))
    let waiting = LoggedRun(id: "r2", index: 4, seed: 7, parameters: ["a.k": .int(5)])
    try writer.commit([outcome], running: [(waiting, "2026-01-01T00:00:02.000Z")])
    lock.release()

    let reader = try RunLogReader(path: path)
    #expect(reader.header.experiment == "round-trip" && reader.header.target == 0.9)
    #expect(reader.header.plannedRuns == ["r1", "r2"] && reader.header.keyMetrics == ["accuracy"])
    #expect(reader.header.recorded.contains("spec_path") && !reader.header.recorded.contains("nothing"))
    #expect(try reader.statuses().map(\.status) == [.complete, .running])
    let entry = try reader.entry("r1")
    #expect(entry.seed == UInt64.max - 6 && entry.index == 3 && entry.ablation == "base")
    #expect(entry.params == outcome.run.parametersJSON && entry.sweep == #"{"a.k":4}"#)
    #expect(entry.startedAt == outcome.startedAt && entry.finishedAt == outcome.finishedAt)
    var expected = outcome.recording
    expected.curves.sort { $0.name < $1.name }
    expected.dataset = nil  // stored once per log, read with datasets()
    #expect(try reader.recording("r1") == expected)
    #expect(try reader.datasets() == [dataset])
    #expect(try reader.entries().map(\.id) == ["r1", "r2"])
    #expect(try reader.rootAttributes().first { $0.name == "target" }?.value == .number(0.9))
  }

  @Test func anUnknownStatusOrAMissingRunIsAnErrorNamingIt() throws {
    let directory = try TestPaths.temporaryDirectory("runlog")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("log.h5").path
    let writer = RunLogWriter(path: path)
    try writer.create(header: Self.header(runs: ["r1"]))
    try writer.commit([try Self.outcome().0])
    try HDF5File.updateAtomically(at: path) { file in
      try file.openGroup("runs/r1").setAttribute("status", "paused")
    }
    let reader = try RunLogReader(path: path)
    let error = try #require(throws: RunLogError.self) { try reader.entry("r1") }
    #expect(error.path == path)
    #expect(error.description.contains("\"status\"") && error.description.contains("paused"))
    let missing = try #require(throws: RunLogError.self) { try reader.entry("r9") }
    #expect(missing.message == "no run r9 in the log")
  }
}
