import Foundation
import GlyphLabFiles
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 14, item 1: a log reached through a symbolic link.
@Suite("Run log through a symbolic link")
struct RunLogLinkTests {
  typealias Setup = ExperimentRunnerTests.Setup

  func options(log: String, resume: Bool = false) -> RunnerOptions {
    var options = RunnerOptions()
    options.jobs = 1
    options.logPath = log
    options.resume = resume
    return options
  }

  @Test func commitsGoToTheTargetTheLinkIsKeptAndTheLockIsOnTheRealFile() throws {
    let setup = try Setup("link")
    let real = setup.directory.appendingPathComponent("real.h5").path
    let link = setup.directory.appendingPathComponent("link.h5").path
    // A dangling link: the log is created where it points.
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.h5")
    let spec = try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]"])
    let first = try ExperimentRunner(spec: spec, options: options(log: link)).run()
    #expect(first.completed == 4)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
    #expect(try RunLogReader(path: real).entries().count == 4)

    // Resuming through the link replaces the real file by a rename (a reader of the old file
    // still reads all of it; never written in place), and keeps the link.
    let before = try Data(contentsOf: URL(fileURLWithPath: real))
    let oldFile = try #require(FileHandle(forReadingAtPath: real))
    defer { try? oldFile.close() }
    let inode = try FileManager.default.attributesOfItem(atPath: real)[.systemFileNumber] as? NSNumber
    let resumed = try ExperimentRunner(spec: spec, options: options(log: link, resume: true)).run()
    #expect(resumed.skipped == 4)
    #expect(try oldFile.readToEnd() == before)
    #expect(try FileManager.default.attributesOfItem(atPath: real)[.systemFileNumber] as? NSNumber != inode)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
    #expect(try RunLogReader(path: link).header.specHash == spec.specHash)
    let left = try FileManager.default.contentsOfDirectory(atPath: setup.directory.path)
    #expect(!left.contains { $0.hasSuffix(".partial") || $0.hasSuffix(".lock") })

    // One lock per real file: a writer holding the real log blocks one that comes through the link.
    let lock = try RunLogLock(logPath: real)
    defer { lock.release() }
    #expect(lock.path == RealPath.resolve(real) + ".lock")
    let error = #expect(throws: RunLogError.self) {
      try ExperimentRunner(spec: spec, options: options(log: link, resume: true)).run()
    }
    #expect(error?.message.contains("another glyphlab process is writing this log") == true)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
  }

  @Test func aLogThatIsAnInputOrAnotherKindIsRefusedBeforeAnyWork() throws {
    let setup = try Setup("link-input")
    let alias = setup.directory.appendingPathComponent("alias.h5").path
    try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: setup.dataset)
    let before = try Data(contentsOf: URL(fileURLWithPath: setup.dataset))
    let spec = try setup.spec(["seeds=[1]"])
    var options = options(log: alias)
    options.overwrite = true
    options.replaceOtherKind = true
    let runner = try ExperimentRunner(spec: spec, options: options)
    #expect(runner.inputPaths == [setup.specPath, setup.dataset])
    #expect(runner.outputConflicts().map(\.reason) == [.isInput(setup.dataset)])
    #expect(throws: OutputError.self) { try runner.run() }
    #expect(try Data(contentsOf: URL(fileURLWithPath: setup.dataset)) == before)

    let other = try ExperimentRunner(spec: spec, options: self.options(log: setup.specPath + ".copy.h5"))
    try FileManager.default.copyItem(atPath: setup.dataset, toPath: setup.specPath + ".copy.h5")
    #expect(other.outputConflicts().map(\.reason) == [.otherKind(.hdf5(format: "glyphlab-dataset"))])
  }

  /// `kill -9` again and again while a child commits through a link: the link stays a link to
  /// a readable log of whole runs, and a resume ends with the uninterrupted numbers.
  @Test func killsDuringCommitsThroughALinkNeverCorruptTheLogOrReplaceTheLink() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("link-kills")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = try RunnerFixtures.writeDataset(
      at: directory.appendingPathComponent("glyphs.h5").path, count: 200, classes: 5, side: 14)
    let real = directory.appendingPathComponent("real.h5").path
    let link = directory.appendingPathComponent("link.h5").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.h5")
    let specPath = try RunnerFixtures.write(
      RunnerFixtures.slowSpec(dataset: dataset, log: link, runs: 8, restarts: 15), to: "slow.yaml", in: directory)
    let spec = try ExperimentSpec.load(path: specPath)
    var uninterrupted = RunnerOptions()
    uninterrupted.logPath = directory.appendingPathComponent("reference.h5").path
    _ = try ExperimentRunner(spec: spec, options: uninterrupted).run()
    let expected = try RunnerFixtures.recordings(uninterrupted.logPath!)

    for delay in [0.1, 0.3, 0.5, 0.7] {
      let child = Process()
      child.executableURL = glyphlab
      child.arguments = ["run", specPath, "--jobs", "2", "--resume"]
      child.standardOutput = FileHandle.nullDevice
      child.standardError = FileHandle.nullDevice
      try child.run()
      usleep(useconds_t(delay * 1_000_000))
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
      #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
      guard FileManager.default.fileExists(atPath: real) else { continue }
      let reader = try RunLogReader(path: link)
      for entry in try reader.entries() where entry.status == .complete {
        #expect(try reader.recording(entry.id) == expected[entry.id], "run \(entry.id) after a kill at \(delay) s")
      }
    }
    var resume = RunnerOptions()
    resume.resume = true
    _ = try ExperimentRunner(spec: spec, options: resume).run()
    #expect(try RunnerFixtures.recordings(real) == expected)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
  }
}
