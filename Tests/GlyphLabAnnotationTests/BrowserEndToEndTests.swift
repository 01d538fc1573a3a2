import Foundation
import GlyphLabAnnotation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The page in a real headless browser: Debian's `chromium` (Scripts/apt-packages.txt),
/// driven over its DevTools protocol by Scripts/annotate_browser.py with keys only, through a
/// small dataset until the run ends, checking that each query shows its glyph on its page;
/// then the log and `glyphlab report`.
@Suite("annotation page in headless chromium")
struct BrowserEndToEndTests {
  typealias F = AnnotationFixtures

  /// Chromium, if installed.
  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  @Test(
    .enabled(
      if: chromium != nil,
      "chromium is not installed: Scripts/apt-packages.txt lists it, `make setup` installs it (skipping the browser test)"
    ))
  func worksThroughASmallDatasetByKeysThenReports() async throws {
    let chromium = try #require(Self.chromium)
    // Glyphs that are page boxes, so the page shows each on its page; refits in the background.
    let (directory, spec, log) = try F.setUp(
      "annotate-browser", grids: true, rounds: 3, refit: "background", pages: true)
    let truth = directory.appendingPathComponent("truth.json").path
    let names = Dictionary(uniqueKeysWithValues: (0..<45).map { ("\($0)", "class\(F.truth($0))") })
    try JSONEncoder().encode(names).write(to: URL(fileURLWithPath: truth))
    let session = try F.session(spec: spec, log: log)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    let script = TestPaths.repository.appendingPathComponent("Scripts/annotate_browser.py").path
    try await server.application().test(.live) { client in
      let port = try #require(client.port)
      let url = "http://127.0.0.1:\(port)/?token=\(F.token.value)"
      // The timeout only guards against a hung browser. The session's pipeline thread runs 10
      // nicer than the server, so while the rest of the suite runs in this process it can take
      // over two minutes to finish the run (134 s was seen); 120 s was too short.
      let output = try ProcessRunner.run(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, chromium, url, truth, "--timeout", "420"])
      #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
      let summary = try #require(
        try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stdout)")
      #expect((summary["answers"] as? Int ?? 0) > 2)
      #expect(summary["undone"] as? Int == 1)
      // Every query drawn showed its glyph's page image (the undone one is drawn twice).
      let kinds = (summary["kinds"] as? [String: Int] ?? [:]).values.reduce(0, +)
      #expect(summary["page_images"] as? Int == kinds, "\(output.stdout)")
      #expect(
        (summary["message"] as? String ?? "").contains("the run is complete"), "\(output.stdout)\n\(output.stderr)")
    }
    session.waitUntilEnded()
    let entry = try #require(try RunLogReader(path: log).entries().first)
    #expect(entry.status == .complete)
    #expect(entry.integers["undone_actions"] == 1)
    #expect((entry.integers["actions_verify_cluster"] ?? 0) > 0)
    if let glyphlab = TestPaths.glyphlabExecutable {
      let report = try ProcessRunner.run(
        glyphlab, ["report", log, "--out", directory.appendingPathComponent("report.md").path])
      #expect(report.status == 0, "\(report.stderr)")
    }
  }
}
