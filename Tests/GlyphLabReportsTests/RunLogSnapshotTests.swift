import Foundation
import GlyphLabHDF5
import GlyphLabReports
import GlyphLabRunLog
import GlyphLabTestSupport
import Testing

@Suite("Reading run logs")
struct RunLogSnapshotTests {
  func write(_ log: SyntheticRunLog, _ directory: URL, name: String = "log.h5") throws -> String {
    let path = directory.appendingPathComponent(name).path
    try log.write(to: path)
    return path
  }

  @Test func readsRootAttributesRunsCurvesAndStatuses() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = SyntheticRunLog.standard()
    let snapshot = try RunLogSnapshot(path: try write(log, directory))
    #expect(snapshot.experiment == "synthetic" && snapshot.kind == "pipeline" && snapshot.version == "1.0")
    #expect(snapshot.spec == SyntheticRunLog.spec)
    #expect(snapshot.overrides == ["rounds=6", "glyphs=2000"])
    #expect(snapshot.gitDirty == true && snapshot.blasThreads == 2 && snapshot.blasCore == "Haswell")
    #expect(snapshot.target == 0.975 && snapshot.targetRecorded)
    #expect(snapshot.otherAttributes.isEmpty)
    #expect(snapshot.runs.count == log.runs.count)
    #expect(snapshot.runs.map(\.id) == log.runs.map(\.id).sorted())
    let written = try #require(log.runs.first { $0.ablation == "no-pca" && $0.seed == 3 })
    let read = try #require(snapshot.runs.first { $0.id == written.id })
    #expect(read.seed == 3 && read.status == .complete && read.ablation == "no-pca")
    #expect(read.sweep == [JSONMember(key: "pipeline.strategy", value: .string("hybrid"))])
    #expect(read.parameters.first { $0.key == "features.pca" }?.value == .integer(0))
    #expect(read.parameters.first { $0.key == "pipeline.verify" }?.value == .bool(true))
    #expect(read.scalars["final_accuracy"] == written.scalars["final_accuracy"])
    #expect(read.scalars["total_labels"] == Double(written.integers["total_labels"] ?? -1))
    #expect(read.texts["stop_reason"] == written.stopReason)
    #expect(read.scalars.keys.allSatisfy { !$0.hasPrefix("p.") })
    #expect(read.curves["accuracy"] == written.curves["accuracy"])
    #expect(read.curves["labels"] == written.integerCurves["labels"]?.map(Double.init))
    #expect(read.curves["actions_verify-cluster"]?.count == 6)
    let statuses = snapshot.runs.map(\.status)
    #expect(statuses.filter { $0 == .failed }.count == 1 && statuses.filter { $0 == .running }.count == 1)
    #expect(snapshot.runs.first { $0.status == .failed }?.error == "features: out of memory\n(limit 2 GiB)")
  }

  @Test func missingTargetFallsBackToTheDefaultAndSaysSo() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    var log = SyntheticRunLog.standard()
    log.target = nil
    log.omittedRootAttributes = ["host", "command", "git_dirty"]
    let snapshot = try RunLogSnapshot(path: try write(log, directory))
    #expect(snapshot.target == 0.975 && !snapshot.targetRecorded)
    #expect(snapshot.host == nil && snapshot.command == nil && snapshot.gitDirty == nil)
    let markdown = MarkdownReport(snapshot: snapshot).render(fileStem: "x").markdown
    #expect(markdown.contains("97.5% (the default; the log records no `target`)"))
    #expect(markdown.contains("- **Host:** not recorded"))
    #expect(markdown.contains("# the log records no command"))
  }

  @Test(arguments: ["format", "version", "experiment", "kind", "spec"])
  func missingRequiredRootAttributeNamesTheFileAndKey(key: String) throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    var log = SyntheticRunLog.standard()
    log.omittedRootAttributes = [key]
    let path = try write(log, directory)
    let error = try #require(throws: RunLogError.self) { try RunLogSnapshot(path: path) }
    #expect(error == .missingAttribute(file: path, object: "the root group", key: key))
    #expect(error.description.contains(path) && error.description.contains("\"\(key)\""))
  }

  @Test func anotherMajorVersionIsRejectedAndAMinorOneAccepted() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    var log = SyntheticRunLog.standard()
    log.version = "2.0"
    let path = try write(log, directory, name: "v2.h5")
    let error = try #require(throws: RunLogError.self) { try RunLogSnapshot(path: path) }
    #expect(error == .unsupportedVersion(file: path, found: "2.0", supported: "version 1.x"))
    #expect(error.description.contains(path))
    log.version = "1.7"
    #expect(try RunLogSnapshot(path: try write(log, directory, name: "v1.7.h5")).version == "1.7")
    log.version = "one"
    let bad = try write(log, directory, name: "vone.h5")
    #expect(throws: RunLogError.unsupportedVersion(file: bad, found: "one", supported: "version 1.x")) {
      try RunLogSnapshot(path: bad)
    }
  }

  @Test func anotherFormatIsRejected() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("dataset.h5").path
    try HDF5File.writeAtomically(to: path) { try $0.setAttribute("format", "glyphlab-dataset") }
    #expect(throws: RunLogError.wrongFormat(file: path, found: "glyphlab-dataset")) {
      try RunLogSnapshot(path: path)
    }
  }

  @Test func notAnHDF5FileIsUnreadable() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("notes.h5").path
    try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: RunLogError.self) { try RunLogSnapshot(path: path) }
    guard case .unreadable(let file, _) = error else {
      Issue.record("expected unreadable, got \(error)")
      return
    }
    #expect(file == path)
    #expect(throws: RunLogError.self) { try RunLogSnapshot(path: directory.appendingPathComponent("none.h5").path) }
  }

  @Test func runWithoutSeedOrWithBadParamsNamesTheRunAndKey() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write(SyntheticRunLog.standard(), directory)
    let id = try #require(SyntheticRunLog.standard().runs.first?.id)
    try HDF5File.updateAtomically(at: path) { file in try file.openGroup("runs/\(id)").removeAttribute("seed") }
    #expect(throws: RunLogError.missingAttribute(file: path, object: "run \(id) (/runs/\(id))", key: "seed")) {
      try RunLogSnapshot(path: path)
    }
    try HDF5File.updateAtomically(at: path) { file in
      let group = try file.openGroup("runs/\(id)")
      try group.setAttribute("seed", 1)
      try group.setAttribute("params", "{\"a\": 1,")
    }
    let error = try #require(throws: RunLogError.self) { try RunLogSnapshot(path: path) }
    guard case .invalidJSON(let file, let object, let key, _) = error else {
      Issue.record("expected invalidJSON, got \(error)")
      return
    }
    #expect(file == path && object == "run \(id) (/runs/\(id))" && key == "params")
    try HDF5File.updateAtomically(at: path) { file in
      try file.openGroup("runs/\(id)").setAttribute("params", "[1, 2]")
    }
    #expect(throws: RunLogError.self) { try RunLogSnapshot(path: path) }
  }

  @Test func aLogWithoutRunsHasNoVerdict() throws {
    let directory = try TestPaths.temporaryDirectory("reports")
    defer { try? FileManager.default.removeItem(at: directory) }
    var log = SyntheticRunLog.standard()
    log.runs = []
    let snapshot = try RunLogSnapshot(path: try write(log, directory))
    #expect(snapshot.runs.isEmpty)
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "empty")
    #expect(rendered.markdown.contains("No verdict"))
    #expect(rendered.markdown.contains("No complete runs, so no results."))
    #expect(rendered.charts.isEmpty)
  }

  @Test func parameterValuesParseAndSortNaturally() throws {
    let members = try JSONValue.parseObject(
      #"{"b": [1, 2.5, "x"], "a": {"z": null, "y": true}, "k": 10, "f": 0.25, "s": "tab\there"}"#)
    #expect(members.map(\.key) == ["a", "b", "f", "k", "s"])
    #expect(members[0].value.json == #"{"y":true,"z":null}"#)
    #expect(members[1].value.json == #"[1,2.5,"x"]"#)
    #expect(members[4].value.text == "tab\there" && members[4].value.json == #""tab\there""#)
    let sorted = [JSONValue.string("b"), .integer(10), .number(2.5), .string("a"), .bool(true), .null].sorted()
    #expect(sorted == [.null, .bool(true), .number(2.5), .integer(10), .string("a"), .string("b")])
    #expect(throws: (any Error).self) { try JSONValue.parseObject("3") }
  }
}
