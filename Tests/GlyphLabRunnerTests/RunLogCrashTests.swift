import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("run log crash safety and locking")
struct RunLogCrashTests {
  @Test func aKilledRunLeavesAReadableLogAndResumeEndsWithTheSameNumbers() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("kill")
    let dataset = try RunnerFixtures.writeDataset(
      at: directory.appendingPathComponent("glyphs.h5").path, count: 300, classes: 6, side: 16)
    let log = directory.appendingPathComponent("kill.h5").path
    let runs = 16
    let specPath = try RunnerFixtures.write(
      RunnerFixtures.slowSpec(dataset: dataset, log: log, runs: runs, restarts: 40), to: "slow.yaml", in: directory)

    let child = Process()
    child.executableURL = glyphlab
    child.arguments = ["run", specPath, "--jobs", "1"]
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()
    let deadline = Date().addingTimeInterval(300)
    var completeWhenKilled = 0
    while child.isRunning && Date() < deadline {
      if let reader = try? RunLogReader(path: log), let entries = try? reader.entries() {
        completeWhenKilled = entries.count { $0.status == .complete }
        if completeWhenKilled >= 1 { break }
      }
      usleep(10_000)
    }
    let killed = child.isRunning
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    try #require(killed, "the child finished before it could be killed; give it more work")
    #expect(child.terminationReason == .uncaughtSignal)

    // The log opens, and every run it holds complete is whole.
    let reader = try RunLogReader(path: log)
    let entries = try reader.entries()
    let complete = entries.filter { $0.status == .complete }
    #expect(complete.count >= completeWhenKilled && complete.count < runs)
    #expect(reader.header.finishedAt.isEmpty)
    let reference = directory.appendingPathComponent("reference.h5").path
    let spec = try ExperimentSpec.load(path: specPath)
    var uninterrupted = RunnerOptions()
    uninterrupted.logPath = reference
    _ = try ExperimentRunner(spec: spec, options: uninterrupted).run()
    let expected = try RunnerFixtures.recordings(reference)
    for entry in complete {
      #expect(try reader.recording(entry.id) == expected[entry.id], "run \(entry.id)")
    }
    if PythonH5py.isAvailable {
      let described = try PythonH5py.read(log)
      let runsSeen = try #require(described["runs"] as? [String: Any])
      #expect(Set(runsSeen.keys) == Set(entries.map(\.id)))
    }

    // Resume: skips the complete runs, runs the rest, ends with the uninterrupted numbers.
    var resume = RunnerOptions()
    resume.resume = true
    let summary = try ExperimentRunner(spec: spec, options: resume).run()
    #expect(summary.skipped == complete.count)
    #expect(summary.completed == runs - complete.count)
    #expect(try RunnerFixtures.recordings(log) == expected)
    let finished = try RunLogReader(path: log)
    #expect(!finished.header.finishedAt.isEmpty)
    #expect(try finished.entries().allSatisfy { $0.status == .complete })
    #expect(!FileManager.default.fileExists(atPath: log + ".lock"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".kill.h5.partial").path))
  }

  @Test func repeatedKillsAtStaggeredMomentsNeverCorruptTheLog() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("kills")
    let dataset = try RunnerFixtures.writeDataset(
      at: directory.appendingPathComponent("glyphs.h5").path, count: 200, classes: 5, side: 14)
    let log = directory.appendingPathComponent("kills.h5").path
    let specPath = try RunnerFixtures.write(
      RunnerFixtures.slowSpec(dataset: dataset, log: log, runs: 12, restarts: 15), to: "slow.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath)
    var uninterrupted = RunnerOptions()
    uninterrupted.logPath = directory.appendingPathComponent("reference.h5").path
    uninterrupted.commitSpacing = 0
    _ = try ExperimentRunner(spec: spec, options: uninterrupted).run()
    let expected = try RunnerFixtures.recordings(uninterrupted.logPath!)

    // Kill a resuming child again and again, at moments that fall before, during and
    // between commits; after each kill the log (once it exists) must open with whole runs.
    for delay in [0.05, 0.2, 0.35, 0.5, 0.65, 0.8] {
      let child = Process()
      child.executableURL = glyphlab
      child.arguments = ["run", specPath, "--jobs", "2", "--resume"]
      child.standardOutput = FileHandle.nullDevice
      child.standardError = FileHandle.nullDevice
      try child.run()
      usleep(useconds_t(delay * 1_000_000))
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
      guard FileManager.default.fileExists(atPath: log) else { continue }
      let reader = try RunLogReader(path: log)
      for entry in try reader.entries() where entry.status == .complete {
        #expect(try reader.recording(entry.id) == expected[entry.id], "run \(entry.id) after a kill at \(delay) s")
      }
    }
    var resume = RunnerOptions()
    resume.resume = true
    _ = try ExperimentRunner(spec: spec, options: resume).run()
    #expect(try RunnerFixtures.recordings(log) == expected)
  }

  @Test func aSecondWriterGetsAClearErrorAndChangesNothing() throws {
    let directory = try TestPaths.temporaryDirectory("lock")
    let dataset = try RunnerFixtures.writeDataset(at: directory.appendingPathComponent("glyphs.h5").path)
    let log = directory.appendingPathComponent("log.h5").path
    let specPath = try RunnerFixtures.write(
      RunnerFixtures.spec(dataset: dataset, log: log), to: "spec.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath, overrides: ["seeds=[1]"])
    _ = try ExperimentRunner(spec: spec).run()
    let before = try Data(contentsOf: URL(fileURLWithPath: log))

    let holder = try RunLogLock(logPath: log)
    var resume = RunnerOptions()
    resume.resume = true
    let error = #expect(throws: RunLogError.self) { try ExperimentRunner(spec: spec, options: resume).run() }
    #expect(error?.message.hasPrefix("another glyphlab process is writing this log (pid \(getpid()) on ") == true)
    #expect(error?.message.hasSuffix("wait for it to finish, or write another log (--out)") == true)
    #expect(throws: RunLogError.self) { try RunLogLock(logPath: log) }

    // A second process gets the same error on standard error and a failing status.
    if let glyphlab = TestPaths.glyphlabExecutable {
      let output = try ProcessRunner.run(glyphlab, ["run", specPath, "seeds=[1]", "--resume"])
      #expect(output.status != 0)
      #expect(output.stderr.contains("another glyphlab process is writing this log"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
    holder.release()
    let summary = try ExperimentRunner(spec: spec, options: resume).run()
    #expect(summary.skipped == 8)
  }
}
