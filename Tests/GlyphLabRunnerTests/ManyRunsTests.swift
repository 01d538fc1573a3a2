import Foundation
import GlyphLabCore
import GlyphLabHDF5
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// More runs than fit in an HDF5 attribute (64 KiB, about 4,000 ids of 16 hex digits): the
/// run lists are root datasets, so planning, logging, sharding and merging all work.
@Suite("logs of more than 4,096 runs")
struct ManyRunsTests {
  static let seeds = 5_000

  /// An echo experiment (CustomKindTests) of `seeds` runs that record almost nothing.
  static func spec(log: String, seeds: Int = seeds) throws -> ExperimentSpec {
    let text = """
      experiment: many
      kind: echo
      seeds: [\((0..<seeds).map(String.init).joined(separator: ", "))]
      parameters:
        loop: {rounds: 0}
        names: []
      log: \(log)
      """
    return try ExperimentSpec.parse(text, file: "many.yaml", registry: CustomKindTests.registry)
  }

  @Test func fiveThousandRunsPlanShardLogAndMerge() throws {
    let directory = try TestPaths.temporaryDirectory("many")
    let log = directory.appendingPathComponent("many.h5").path
    let spec = try Self.spec(log: log)
    #expect(spec.runs.count == Self.seeds)
    #expect(Set(spec.runs.map(\.id)).count == Self.seeds)

    var shardLogs: [String] = []
    for index in 0..<2 {
      var options = RunnerOptions()
      options.shard = try RunShard(index: index, count: 2)
      options.jobs = 2
      let runner = try ExperimentRunner(spec: spec, options: options)
      let summary = try runner.run()
      #expect(summary.completed == Self.seeds / 2)
      let header = try RunLogReader(path: runner.logPath).header
      #expect(header.plannedRuns == runner.runs.map(\.id))
      #expect(header.experimentRuns == spec.runs.map(\.id))
      #expect(!header.finishedAt.isEmpty)
      shardLogs.append(runner.logPath)
    }
    let merged = directory.appendingPathComponent("merged.h5").path
    let summary = try RunLogMerger.merge(inputs: shardLogs, into: merged)
    #expect(summary == RunLogMerger.Summary(output: merged, complete: Self.seeds, failed: 0, running: 0, missing: 0))
    let reader = try RunLogReader(path: merged)
    #expect(reader.header.version == RunLogLayout.version)
    #expect(reader.header.plannedRuns == spec.runs.map(\.id))
    #expect(try reader.entries().map(\.id) == spec.runs.map(\.id))

    // The lists are datasets h5py reads (as bytes or str, whichever its version gives).
    if PythonH5py.isAvailable, let python = PythonH5py.interpreter {
      let output = try ProcessRunner.run(
        python,
        [
          "-c",
          "import h5py,sys; f=h5py.File(sys.argv[1],'r'); d=f['planned_runs']; "
            + "print(len(d), d[0].decode() if isinstance(d[0], bytes) else d[0], 'planned_runs' in f.attrs)",
          merged,
        ])
      #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.seeds) \(spec.runs[0].id) False")
    }
  }

  /// Measures a large experiment (GLYPHLAB_MANY_RUNS=100000): plan, run as 2 shards, merge,
  /// read back; prints the process's peak resident memory. Not part of the suite.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["GLYPHLAB_MANY_RUNS"] != nil))
  func measureALargeExperiment() throws {
    let count = Int(ProcessInfo.processInfo.environment["GLYPHLAB_MANY_RUNS"] ?? "") ?? 100_000
    let directory = try TestPaths.temporaryDirectory("many-measure")
    let clock = ContinuousClock()
    var start = clock.now
    func lap(_ what: String) {
      print("\(what): \(clock.now - start), peak RSS \(ProcessMemory.peakResidentBytes >> 20) MiB")
      start = clock.now
    }
    let spec = try Self.spec(log: directory.appendingPathComponent("many.h5").path, seeds: count)
    lap("planned \(spec.runs.count) runs")
    var logs: [String] = []
    for index in 0..<2 {
      var options = RunnerOptions()
      options.shard = try RunShard(index: index, count: 2)
      let runner = try ExperimentRunner(spec: spec, options: options)
      _ = try runner.run()
      logs.append(runner.logPath)
      lap("shard \(index)/2 logged")
    }
    let merged = directory.appendingPathComponent("merged.h5").path
    let summary = try RunLogMerger.merge(inputs: logs, into: merged)
    lap("merged \(summary.complete) runs")
    #expect(summary.complete == count)
    let size = try FileManager.default.attributesOfItem(atPath: merged)[.size] as? NSNumber
    print("merged log \(size?.intValue ?? 0 >> 20) bytes")
  }

  @Test func logsOfFormat1Point0WithAttributeListsStillRead() throws {
    let directory = try TestPaths.temporaryDirectory("format-1.0")
    let log = directory.appendingPathComponent("old.h5").path
    let text = """
      experiment: old
      kind: echo
      seeds: [1, 2, 3]
      parameters: {loop: {rounds: 1}, names: []}
      log: \(log)
      """
    let spec = try ExperimentSpec.parse(text, file: "old.yaml", registry: CustomKindTests.registry)
    _ = try ExperimentRunner(spec: spec).run()
    // Rewrite the log as format 1.0 wrote it: the run lists as root attributes.
    try HDF5File.updateAtomically(at: log) { file in
      for name in [RunLogLayout.plannedRuns, RunLogLayout.experimentRuns] {
        try file.remove(name)
        try file.setAttribute(name, spec.runs.map(\.id))
      }
      try file.setAttribute("version", "1.0")
      try file.removeAttribute("inputs")
    }
    let reader = try RunLogReader(path: log)
    #expect(reader.header.version == "1.0")
    #expect(reader.header.plannedRuns == spec.runs.map(\.id))
    #expect(reader.header.experimentRuns == spec.runs.map(\.id))
    #expect(reader.header.inputs.isEmpty)
    // And it resumes (its runs are all complete, so nothing runs).
    var options = RunnerOptions()
    options.resume = true
    let summary = try ExperimentRunner(spec: spec, options: options).run()
    #expect(summary.skipped == 3)
  }
}
