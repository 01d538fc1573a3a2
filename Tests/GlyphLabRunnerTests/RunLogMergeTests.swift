import Foundation
import GlyphLabFiles
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("merging shard logs")
struct RunLogMergeTests {
  @Test func shardLogsMergeIntoTheUninterruptedLog() throws {
    let setup = try ExperimentRunnerTests.Setup("merge")
    let spec = try setup.spec()
    var whole = RunnerOptions()
    whole.logPath = setup.directory.appendingPathComponent("whole.h5").path
    _ = try ExperimentRunner(spec: spec, options: whole).run()

    var shardLogs: [String] = []
    for index in 0..<3 {
      var options = RunnerOptions()
      options.shard = try RunShard(index: index, count: 3)
      options.jobs = 1
      let runner = try ExperimentRunner(spec: spec, options: options)
      #expect(runner.logPath == setup.directory.appendingPathComponent("log.shard-\(index)-of-3.h5").path)
      let summary = try runner.run()
      #expect(summary.completed == runner.runs.count)
      #expect(try RunLogReader(path: runner.logPath).header.shard == "\(index)/3")
      shardLogs.append(runner.logPath)
    }
    let merged = setup.directory.appendingPathComponent("merged.h5").path
    let summary = try RunLogMerger.merge(inputs: shardLogs, into: merged)
    #expect(summary == RunLogMerger.Summary(output: merged, complete: 16, failed: 0, running: 0, missing: 0))
    #expect(try RunnerFixtures.recordings(merged) == RunnerFixtures.recordings(whole.logPath!))
    let reader = try RunLogReader(path: merged)
    #expect(reader.header.shard == "")
    #expect(Set(reader.header.plannedRuns) == Set(spec.runs.map(\.id)))
    #expect(!reader.header.finishedAt.isEmpty)
    #expect(reader.header.specHash == spec.specHash)
    #expect(SessionRecord.decode(reader.header.sessions).map(\.action) == ["run", "run", "run", "merge"])
    // A merge of only some shards says what is missing.
    let partial = setup.directory.appendingPathComponent("partial.h5").path
    let some = try RunLogMerger.merge(inputs: Array(shardLogs.prefix(2)), into: partial)
    #expect(some.missing == (try RunShard(index: 2, count: 3)).select(spec.runs).count)
    #expect(try RunLogReader(path: partial).header.finishedAt.isEmpty)
  }

  @Test func logsOfDifferentSpecsAreRefused() throws {
    let setup = try ExperimentRunnerTests.Setup("merge-refuse")
    let a = setup.directory.appendingPathComponent("a.h5").path
    let b = setup.directory.appendingPathComponent("b.h5").path
    var options = RunnerOptions()
    options.logPath = a
    _ = try ExperimentRunner(spec: try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]"]), options: options)
      .run()
    options.logPath = b
    _ = try ExperimentRunner(spec: try setup.spec(["seeds=[2]", "sweep.features.downsample=[1]"]), options: options)
      .run()
    let out = setup.directory.appendingPathComponent("out.h5").path
    let error = #expect(throws: RunLogError.self) { try RunLogMerger.merge(inputs: [a, b], into: out) }
    #expect(error?.path == b)
    #expect(error?.message.hasPrefix("was made from a different spec than \(a) (spec hash ") == true)
    #expect(!FileManager.default.fileExists(atPath: out))
    let same = #expect(throws: OutputError.self) { try RunLogMerger.merge(inputs: [a], into: a, overwrite: true) }
    #expect(same?.conflicts.map(\.reason) == [.isInput(a)])
    _ = try RunLogMerger.merge(inputs: [a], into: out)
    let exists = #expect(throws: OutputError.self) { try RunLogMerger.merge(inputs: [a], into: out) }
    #expect(
      exists?.description
        == "\(out) exists and holds HDF5 with format \"glyphlab-run-log\"; pass --overwrite to replace it, or write elsewhere"
    )
    let notALog = try RunnerFixtures.write("x", to: "x.h5", in: setup.directory)
    #expect(throws: RunLogError.self) { try RunLogMerger.merge(inputs: [a, notALog], into: out, overwrite: true) }
  }
}
