import Foundation
import GlyphLabFiles
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("Output rule: real paths, inputs, kinds and --overwrite")
struct OutputPlanTests {
  let directory: URL
  init() throws { directory = try TestPaths.temporaryDirectory("files") }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func hdf5(_ name: String, format: String?) throws -> String {
    let file = try HDF5File(path: path(name), mode: .createNew)
    if let format { try file.setAttribute("format", format) }
    try file.close()
    return path(name)
  }

  func link(_ name: String, to target: String) throws -> String {
    try FileManager.default.createSymbolicLink(atPath: path(name), withDestinationPath: target)
    return path(name)
  }

  @Test func realPathsFollowLinksThroughFilesFoldersAndDanglingLinks() throws {
    let real = try hdf5("real.h5", format: "x")
    let resolvedDirectory = RealPath.resolve(directory.path)
    #expect(RealPath.resolve(real) == resolvedDirectory + "/real.h5")
    // A relative link, a link to a link, and a link to the folder.
    _ = try link("one.h5", to: "real.h5")
    _ = try link("two.h5", to: path("one.h5"))
    _ = try link("folder", to: directory.path)
    #expect(RealPath.resolve(path("one.h5")) == resolvedDirectory + "/real.h5")
    #expect(RealPath.resolve(path("two.h5")) == resolvedDirectory + "/real.h5")
    #expect(RealPath.resolve(path("folder/real.h5")) == resolvedDirectory + "/real.h5")
    // Files that do not exist yet: in a linked folder, behind a dangling link, under new folders.
    #expect(RealPath.resolve(path("folder/new.h5")) == resolvedDirectory + "/new.h5")
    _ = try link("dangling.h5", to: "later.h5")
    #expect(RealPath.resolve(path("dangling.h5")) == resolvedDirectory + "/later.h5")
    #expect(RealPath.resolve(path("folder/a/b/../c.md")) == resolvedDirectory + "/a/c.md")
    #expect(
      RealPath.resolve("relative.md") == RealPath.resolve(FileManager.default.currentDirectoryPath) + "/relative.md")
  }

  @Test func contentTellsHDF5FormatsFromOtherFiles() throws {
    #expect(FileContent(at: try hdf5("log.h5", format: "glyphlab-run-log")) == .hdf5(format: "glyphlab-run-log"))
    #expect(FileContent(at: try hdf5("bare.h5", format: nil)) == .hdf5(format: nil))
    try Data("# Report\n".utf8).write(to: URL(fileURLWithPath: path("r.md")))
    try Data("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8).write(to: URL(fileURLWithPath: path("c.svg")))
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).write(to: URL(fileURLWithPath: path("p.png")))
    try Data([0, 1, 2, 0xFF]).write(to: URL(fileURLWithPath: path("b.bin")))
    try Data().write(to: URL(fileURLWithPath: path("e")))
    #expect(FileContent(at: path("r.md")) == .text)
    #expect(FileContent(at: path("c.svg")) == .svg)
    #expect(FileContent(at: path("p.png")) == .png)
    #expect(FileContent(at: path("b.bin")) == .binary)
    #expect(FileContent(at: path("e")) == .empty)
    #expect(FileContent(at: path("none")) == FileContent.none)
    #expect(FileContent(at: directory.path) == .directory)
    #expect(FileContent.text.description == "text, not HDF5")
  }

  @Test func theRuleRefusesInputsExistingFilesAndOtherKinds() throws {
    let dataset = try hdf5("ds.h5", format: "glyphlab-dataset")
    let log = try hdf5("log.h5", format: "glyphlab-run-log")
    let viaLink = try link("alias.h5", to: "ds.h5")
    let logKind = OutputKind.hdf5(format: "glyphlab-run-log")
    let everything = OutputPolicy(overwrite: true, replaceOtherKind: true)

    // An input is never an output, directly or through a link, whatever the flags.
    for output in [dataset, viaLink] {
      let plan = OutputPlan(inputs: [dataset], outputs: [OutputTarget(output, kind: logKind, role: "run log")])
      let found = plan.conflicts(everything)
      #expect(found.count == 1)
      #expect(found.first?.reason == .isInput(dataset))
      #expect(found.first?.description.contains("an input is never overwritten, even with --overwrite") == true)
    }
    // An earlier file of the same kind needs --overwrite, and the message says what it holds.
    let again = OutputPlan(inputs: [dataset], outputs: [OutputTarget(log, kind: logKind, role: "run log")])
    let exists = again.conflicts(OutputPolicy())
    #expect(exists.map(\.reason) == [.exists(.hdf5(format: "glyphlab-run-log"))])
    #expect(
      exists.first?.description
        == "\(log) exists and holds HDF5 with format \"glyphlab-run-log\"; pass --overwrite to replace it, or write elsewhere"
    )
    #expect(again.conflicts(OutputPolicy(overwrite: true)).isEmpty)
    // A file of another kind needs --replace-other-kind, even with --overwrite.
    let other = OutputPlan(outputs: [OutputTarget(dataset, kind: logKind, role: "run log")])
    #expect(
      other.conflicts(OutputPolicy(overwrite: true)).map(\.reason) == [.otherKind(.hdf5(format: "glyphlab-dataset"))])
    #expect(other.conflicts(OutputPolicy(replaceOtherKind: true)).isEmpty)
    try Data("# notes".utf8).write(to: URL(fileURLWithPath: path("notes.h5")))
    let text = OutputPlan(outputs: [OutputTarget(path("notes.h5"), kind: logKind, role: "run log")])
    #expect(text.conflicts(OutputPolicy(overwrite: true)).first?.description.contains("holds text, not HDF5") == true)
    // A directory never; one file written twice never; an update of the same kind needs no flag.
    let folder = OutputPlan(outputs: [OutputTarget(directory.path, kind: .text("Markdown"), role: "report")])
    #expect(folder.conflicts(everything).map(\.reason) == [.directory])
    let twice = OutputPlan(outputs: [
      OutputTarget(dataset, kind: .hdf5(format: "glyphlab-dataset"), role: "dataset"),
      OutputTarget(viaLink, kind: .hdf5(format: "glyphlab-dataset"), role: "copy"),
    ])
    #expect(twice.conflicts(everything).map(\.reason) == [.sameFileTwice("the dataset \(dataset)")])
    let update = OutputPlan(outputs: [
      OutputTarget(viaLink, kind: .hdf5(format: "glyphlab-dataset"), role: "dataset", existing: .update)
    ])
    #expect(update.conflicts(OutputPolicy()).isEmpty)
    #expect(throws: OutputError.self) { try again.check(OutputPolicy()) }
  }

  @Test func atomicReplacementWritesTheRealFileAndKeepsTheLink() throws {
    let real = path("report.md")
    try Data("old".utf8).write(to: URL(fileURLWithPath: real))
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: real)
    let alias = try link("alias.md", to: "report.md")
    try AtomicReplacement.write(Data("new".utf8), to: alias)
    #expect((try FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? NSNumber)?.intValue == 0o640)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: alias) == "report.md")
    #expect(try String(contentsOfFile: real, encoding: .utf8) == "new")
    // No temporary file is left behind; new folders are made.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["alias.md", "report.md"])
    try AtomicReplacement.write(Data("x".utf8), to: path("a/b/c.txt"))
    #expect(try String(contentsOfFile: path("a/b/c.txt"), encoding: .utf8) == "x")
    // A failure names the file and leaves nothing.
    let error = #expect(throws: FileWriteError.self) {
      try AtomicReplacement.write(Data("x".utf8), to: path("report.md/inside"))
    }
    #expect(error?.path == path("report.md/inside"))
  }
}

@Suite("HDF5 staging refuses links")
struct HDF5StagingLinkTests {
  @Test func aLinkIsNeverStagedOrReplacedItself() throws {
    let directory = try TestPaths.temporaryDirectory("staging")
    defer { try? FileManager.default.removeItem(at: directory) }
    let real = directory.appendingPathComponent("real.h5").path
    let link = directory.appendingPathComponent("link.h5").path
    try HDF5File.writeAtomically(to: real) { try $0.setAttribute("format", "x") }
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.h5")
    #expect(throws: HDF5Error.self) { try HDF5StagedFile(creating: link) }
    #expect(throws: HDF5Error.self) { try HDF5StagedFile(updating: link) }
    // Through its real path the link's target is replaced and the link kept.
    try HDF5File.updateAtomically(at: RealPath.resolve(link)) { try $0.setAttribute("format", "y") }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
    #expect(FileContent(at: link) == .hdf5(format: "y"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["link.h5", "real.h5"])
  }
}

@Suite("Folder outputs")
struct FolderOutputTests {
  @Test func aFolderOfTheSameLayoutNeedsOverwriteAndAnyOtherFolderIsAnotherKind() throws {
    let directory = try TestPaths.temporaryDirectory("folders")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = directory.appendingPathComponent("store")
    try FileManager.default.createDirectory(at: store.appendingPathComponent("0"), withIntermediateDirectories: true)
    let kind = OutputKind.folder("MLflow file store", marker: "0/meta.yaml")
    let plan = OutputPlan(outputs: [OutputTarget(store.path, kind: kind, role: "MLflow store")])
    #expect(plan.conflicts(OutputPolicy(overwrite: true)).map(\.reason) == [.otherKind(.directory)])
    try Data("name: x\n".utf8).write(to: store.appendingPathComponent("0/meta.yaml"))
    #expect(plan.conflicts(OutputPolicy()).map(\.reason) == [.exists(.directory)])
    #expect(plan.conflicts(OutputPolicy(overwrite: true)).isEmpty)
  }
}
