import Foundation
import GlyphLabFiles
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

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

    // Resuming through the link commits into the real file again, and keeps the link.
    let grown = try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]"])
    let resumed = try ExperimentRunner(spec: grown, options: options(log: link, resume: true)).run()
    #expect(resumed.skipped == 4)
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
}
