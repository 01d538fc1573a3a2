import Foundation
import GlyphLabCommands
import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("glyphlab command line")
struct CommandLineTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  @Test func versionAndHelp() throws {
    let version = try ProcessRunner.run(try glyphlab(), ["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == GlyphLabVersion.current)
    for command in [[], ["doctor"], ["bench"], ["bench", "gemm"], ["bench", "distances"], ["bench", "topk"]] {
      let help = try ProcessRunner.run(try glyphlab(), command + ["--help"])
      #expect(help.status == 0, "help for \(command)")
      #expect(help.stdout.contains("USAGE"), "help for \(command)")
    }
  }

  @Test func doctorReportsTheBLASCoreAndVersions() throws {
    let report = DoctorReport.collect()
    let text = report.text()
    #expect(text.contains("OpenBLAS core \(report.blas.core)"))
    #expect(text.contains("HDF5      \(report.hdf5Version)"))
    #expect(report.hdf5Version.hasPrefix("1.10"))
    #expect(report.blasSelfTest)
    if report.blas.isGenericFallback { #expect(!report.warnings.isEmpty) }
  }

  @Test(arguments: [
    ["gemm", "--size", "64"], ["distances", "--queries", "300", "--references", "70", "--dim", "5"],
    ["topk", "--queries", "50", "--references", "40", "--dim", "3", "-k", "4"],
  ])
  func benchPrintsOneJSONLine(arguments: [String]) throws {
    let output = try ProcessRunner.run(try glyphlab(), ["bench"] + arguments + ["--repeat", "2"])
    #expect(output.status == 0, "\(output.stderr)")
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(json["benchmark"] as? String == (arguments[0] == "topk" ? "topk" : arguments[0]))
    #expect((json["seconds"] as? Double ?? 0) > 0)
    #expect(json["blas_core"] as? String == BLAS.activeCoreName)
    #expect((json["threads"] as? Int ?? 0) >= 1)
    #expect(json["checksum"] is Double)
  }

  @Test(arguments: [
    ["bench", "gemm", "--size", "0"], ["bench", "topk", "-k", "0"], ["bench", "distances", "--metric", "manhattan"],
    ["doctor", "--threads", "0"], ["no-such-command"],
  ])
  func badArgumentsFailWithAMessage(arguments: [String]) throws {
    let output = try ProcessRunner.run(try glyphlab(), arguments)
    #expect(output.status != 0)
    #expect(!output.stderr.isEmpty)
  }
}
