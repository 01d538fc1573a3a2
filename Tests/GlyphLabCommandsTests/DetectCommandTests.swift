import Foundation
import GlyphLabTestSupport
import Testing

/// The corpus needs Debian's fortunes-zh, unicode-data and CJK font packages (`make setup`).
private let corpusMaterialInstalled =
  FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")
  && FileManager.default.fileExists(atPath: "/usr/share/unicode/Unihan_Variants.txt.bz2")

@Suite("glyphlab detect", .enabled(if: corpusMaterialInstalled))
struct DetectCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  /// Builds a dataset of `count` pages of clean print (the default recipe without its damage).
  func pages(in directory: URL, count: Int = 2) throws -> URL {
    let recipe = try String(
      contentsOf: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml"), encoding: .utf8)
    var kept: [Substring] = []
    var inDamage = false
    for line in recipe.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("degradation:") {
        inDamage = true
      } else if !line.hasPrefix(" ") && !line.isEmpty {
        inDamage = false
      }
      if !inDamage { kept.append(line) }
    }
    let clean = directory.appendingPathComponent("clean.yaml")
    try kept.joined(separator: "\n").write(to: clean, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("pages-\(count).h5")
    let build = try ProcessRunner.run(
      try glyphlab(),
      [
        "datasets", "build", "ancient-glyphs", "--recipe", clean.path, "--out", out.path, "--glyphs", "20", "--pages",
        "\(count)",
      ])
    try #require(build.status == 0, "\(build.stderr)")
    return out
  }

  @Test func detectsScoresAndWritesBoxesAndAnOverlay() throws {
    let directory = try TestPaths.temporaryDirectory("detect")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try pages(in: directory)
    let json = directory.appendingPathComponent("boxes.json")
    let h5 = directory.appendingPathComponent("boxes.h5")
    let png = directory.appendingPathComponent("page.png")
    let run = try ProcessRunner.run(
      try glyphlab(), ["detect", file.path, "--out", json.path, "--overlay", png.path, "--page", "1", "--threads", "2"])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(summary["pages"] as? Int == 2)
    #expect((summary["truth"] as? Int ?? 0) > 100)
    #expect((summary["f1"] as? Double ?? 0) >= 0.99)
    #expect(summary["iou_histogram"] is [Int])
    // The boxes file: every page, boxes and their columns.
    let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
    #expect(written["format"] as? String == "glyphlab-detections")
    let pages = try #require(written["pages"] as? [[String: Any]])
    #expect(pages.count == 2)
    let boxes = pages.map { ($0["boxes"] as? [[Int]])?.count ?? 0 }.reduce(0, +)
    #expect(boxes == summary["detected"] as? Int)
    #expect(pages.allSatisfy { ($0["boxes"] as? [[Int]])?.count == ($0["columns"] as? [Int])?.count })
    let overlay = try Data(contentsOf: png)
    #expect(overlay.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    // The same run writing HDF5.
    let again = try ProcessRunner.run(try glyphlab(), ["detect", file.path, "--out", h5.path])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try Data(contentsOf: h5).starts(with: [0x89, 0x48, 0x44, 0x46]))
    // Otsu works too; per-page lines come before the summary.
    let otsu = try ProcessRunner.run(try glyphlab(), ["detect", file.path, "--binarization", "otsu", "--per-page"])
    #expect(otsu.status == 0, "\(otsu.stderr)")
    #expect(otsu.stdout.split(separator: "\n").count == 3)
  }

  @Test func badInputFailsWithAMessage() throws {
    let directory = try TestPaths.temporaryDirectory("detect-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try pages(in: directory)
    for arguments in [
      ["detect", directory.appendingPathComponent("missing.h5").path],
      ["detect", file.path, "--overlay", "x.png", "--page", "7"],
      ["detect", file.path, "--out", "boxes.txt"], ["detect", file.path, "--iou", "0"],
      ["detect", file.path, "--window", "1"], ["detect", file.path, "--binarization", "niblack"],
      ["detect", try pages(in: directory, count: 0).path],
    ] {
      let run = try ProcessRunner.run(try glyphlab(), arguments)
      #expect(run.status != 0, "\(arguments)")
      #expect(!run.stderr.isEmpty, "\(arguments)")
    }
  }
}
