import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("interrupting a run")
struct RunInterruptTests {
  /// Starts `glyphlab run` on `arguments`, waits until the log holds a complete run, sends
  /// `signal`, and returns the child's exit status and stderr.
  static func interrupt(
    _ glyphlab: URL, _ arguments: [String], log: String, signal: Int32
  ) throws -> (status: Int32, stderr: String, completeBefore: Int) {
    let child = Process()
    child.executableURL = glyphlab
    child.arguments = arguments
    let errors = Pipe()
    child.standardOutput = FileHandle.nullDevice
    child.standardError = errors
    try child.run()
    let deadline = Date().addingTimeInterval(300)
    var complete = 0
    while child.isRunning && Date() < deadline {
      if let entries = try? RunLogReader(path: log).entries() {
        complete = entries.count { $0.status == .complete }
        if complete >= 1 { break }
      }
      usleep(10_000)
    }
    let running = child.isRunning
    kill(child.processIdentifier, signal)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    try #require(running, "the child finished before the signal; give it more work")
    return (child.terminationStatus, stderr, complete)
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func aSignalMarksRunsInterruptedAndResumeWithoutOverridesGivesTheSameNumbers(signal: Int32) throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("interrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = try RunnerFixtures.writeDataset(
      at: directory.appendingPathComponent("glyphs.h5").path, count: 200, classes: 5, side: 14)
    let log = directory.appendingPathComponent("slow.h5").path
    let specPath = try RunnerFixtures.write(
      RunnerFixtures.slowSpec(dataset: dataset, log: log, runs: 40, restarts: 20), to: "slow.yaml", in: directory)
    // Enough runs that the signal lands before the last one starts on a quiet machine (a
    // run takes about 0.3 s there). An override the resume must take from the log: it
    // changes every run id.
    let overrides = ["clustering.max_iterations=25"]
    let result = try Self.interrupt(
      glyphlab, ["run", specPath] + overrides + ["--jobs", "2"], log: log, signal: signal)
    #expect(result.status == 128 + signal)
    #expect(result.stderr.contains("interrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT")"))
    #expect(result.stderr.contains("Resume with: glyphlab run \(specPath) --resume"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: log + ".lock"), "the lock is released")

    let reader = try RunLogReader(path: log)
    let entries = try reader.entries()
    #expect(entries.count { $0.status == .complete } >= result.completeBefore)
    #expect(!entries.contains { $0.status == .running }, "nothing is left `running`")
    #expect(entries.contains { $0.status == .interrupted })
    #expect(reader.header.finishedAt.isEmpty)
    let listing = try ProcessRunner.run(glyphlab, ["runs", log])
    #expect(listing.stdout.contains("0 running") && !listing.stdout.contains(" 0 interrupted"))

    // Resume with no overrides: the log's are used, silently, and the numbers are those of an
    // uninterrupted run with the same overrides.
    let resumed = try ProcessRunner.run(glyphlab, ["run", specPath, "--resume", "--jobs", "2"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(!resumed.stderr.contains("warning"), "\(resumed.stderr)")
    let reference = directory.appendingPathComponent("reference.h5").path
    var options = RunnerOptions()
    options.logPath = reference
    _ = try ExperimentRunner(spec: try ExperimentSpec.load(path: specPath, overrides: overrides), options: options)
      .run()
    #expect(try RunnerFixtures.recordings(log) == RunnerFixtures.recordings(reference))
    let finished = try RunLogReader(path: log)
    #expect(!finished.header.finishedAt.isEmpty)
    #expect(try finished.entries().allSatisfy { $0.status == .complete })

    // Giving other overrides warns (and the spec-hash check then refuses the log).
    let other = try ProcessRunner.run(glyphlab, ["run", specPath, "clustering.max_iterations=20", "--resume"])
    #expect(other.stderr.contains("warning: the command line's overrides"), "\(other.stderr)")
    #expect(other.status != 0 && other.stderr.contains("different spec"))
  }
}
