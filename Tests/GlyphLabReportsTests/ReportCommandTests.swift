import Foundation
import GlyphLabReports
import GlyphLabTestSupport
import Testing

@Suite("glyphlab report")
struct ReportCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  @Test func writesTheReportAndChartsAndRegeneratesThemIdentically() throws {
    let directory = try TestPaths.temporaryDirectory("report-cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("synthetic.h5").path
    try SyntheticRunLog.standard().write(to: log)
    let out = directory.appendingPathComponent("Reports/headline.md")
    let first = try ProcessRunner.run(try glyphlab(), ["report", log, "--out", out.path])
    #expect(first.status == 0, "\(first.stderr)")
    let listed = first.stdout.split(separator: "\n").map(String.init)
    #expect(listed.first == out.path)
    #expect(listed.count == 9)  // the report, 4 charts and their 4 CSV files
    let reports = out.deletingLastPathComponent()
    let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
    #expect(names == listed.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted())
    #expect(names.contains("headline-accuracy-labels.svg"))
    let before = try names.map { try Data(contentsOf: reports.appendingPathComponent($0)) }
    let second = try ProcessRunner.run(try glyphlab(), ["report", log, "--out", out.path])
    #expect(second.status == 0)
    let after = try names.map { try Data(contentsOf: reports.appendingPathComponent($0)) }
    #expect(before == after)
    // The command's report is the library's report.
    let expected = MarkdownReport(snapshot: try RunLogSnapshot(path: log)).render(fileStem: "headline")
    #expect(try String(contentsOf: out, encoding: .utf8) == expected.markdown)
  }

  @Test func defaultsToReportsExperimentAndComparesTwoLogs() throws {
    let directory = try TestPaths.temporaryDirectory("report-cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    let a = directory.appendingPathComponent("a.h5").path
    let b = directory.appendingPathComponent("b.h5").path
    try SyntheticRunLog.standard().write(to: a)
    try ReportComparisonTests.candidate().write(to: b)
    let process = Process()
    process.executableURL = try glyphlab()
    process.arguments = ["report", "a.h5"]
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("Reports/synthetic.md").path))
    let out = directory.appendingPathComponent("compare/ab.md")
    let compared = try ProcessRunner.run(try glyphlab(), ["report", a, b, "--out", out.path])
    #expect(compared.status == 0, "\(compared.stderr)")
    let text = try String(contentsOf: out, encoding: .utf8)
    #expect(text.hasPrefix("# Comparison: synthetic (A) → synthetic (B)"))
    #expect(
      FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("compare/ab-delta-final-accuracy.svg").path))
  }

  @Test func badInputFailsWithAMessageNamingTheFile() throws {
    let directory = try TestPaths.temporaryDirectory("report-cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    var log = SyntheticRunLog.standard()
    log.version = "2.0"
    let path = directory.appendingPathComponent("future.h5").path
    try log.write(to: path)
    let future = try ProcessRunner.run(try glyphlab(), ["report", path, "--out", directory.path + "/x.md"])
    #expect(future.status != 0)
    #expect(future.stderr.contains(path) && future.stderr.contains("2.0"))
    let missing = try ProcessRunner.run(try glyphlab(), ["report", directory.path + "/none.h5"])
    #expect(missing.status != 0 && missing.stderr.contains("none.h5"))
    let three = try ProcessRunner.run(try glyphlab(), ["report", path, path, path])
    #expect(three.status != 0 && !three.stderr.isEmpty)
    let none = try ProcessRunner.run(try glyphlab(), ["report"])
    #expect(none.status != 0 && !none.stderr.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: directory.path + "/x.md"))
  }
}
