import Foundation
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// `docs/run-log.md` documents every attribute and dataset a log holds: h5py walks logs of
/// the pipeline and clustering kinds (with predictions) and every name must appear in the
/// document as `name` (or under its documented pattern: `p.<dotted.key>`,
/// `throughput_<phase>`, `actions_<kind>`, `groups/<name>`).
@Suite("run-log documentation")
struct RunLogDocumentationTests {
  static let walk = """
    import h5py, json, sys
    names = set()
    def visit(path, obj):
        parts = path.split("/")
        names.update(("attribute", parts[-1] if len(parts) else "", k) for k in obj.attrs)
        if isinstance(obj, h5py.Dataset):
            names.add(("dataset", "/".join(parts[-2:-1]), parts[-1]))
    with h5py.File(sys.argv[1], "r") as f:
        names.update(("attribute", "", k) for k in f.attrs)
        f.visititems(visit)
        # JSON text never escapes "/", and keys (attributes, JSON members) are snake_case.
        texts = [v for v in f.attrs.values() if isinstance(v, str)]
        for run in f["runs"].values():
            texts += [v for v in run.attrs.values() if isinstance(v, str)]
        for text in texts:
            if "\\/" in text: names.add(("escaped-slash", "", text[:60]))
        for session in json.loads(f.attrs["sessions"]):
            for key in list(session) + list(session["provenance"]):
                if key.lower() != key: names.add(("camel-case-key", "sessions", key))
    print(json.dumps(sorted(names)))
    """

  /// Whether `name` (found in `parent`) is documented in `text`.
  static func documented(_ name: String, parent: String, in text: String) -> Bool {
    if name.hasPrefix("p.") { return text.contains("`p.<dotted.key>`") }
    if name.hasPrefix("throughput_") { return text.contains("`throughput_<phase>`") }
    if name.hasPrefix("actions_") { return text.contains("`actions_<kind>`") }
    if parent == "groups" { return text.contains("`groups/<name>`") }
    return text.contains("`\(name)`")
  }

  @Test(.enabled(if: PythonH5py.isAvailable, "h5py is not importable: install python3-h5py (make setup does)"))
  func everyAttributeAndDatasetWrittenIsDocumented() throws {
    let docs = try String(
      contentsOf: TestPaths.repository.appendingPathComponent("docs/run-log.md"), encoding: .utf8)
    let directory = try TestPaths.temporaryDirectory("docs")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = directory.appendingPathComponent("glyphs.h5").path
    try PredictionLogTests.writeDataset(at: dataset)
    let pipelineLog = directory.appendingPathComponent("pipeline.h5").path
    let pipelineSpec = try RunnerFixtures.write(
      """
      experiment: documented
      kind: pipeline
      seeds: [1]
      log_predictions: true
      parameters:
        dataset: {path: \(dataset)}
        features: {kind: pixels, pca: 0}
        pipeline: {batch_size: 10, max_rounds: 2, verify_clusters: true}
      log: \(pipelineLog)
      """, to: "pipeline.yaml", in: directory)
    _ = try ExperimentRunner(spec: try ExperimentSpec.load(path: pipelineSpec), options: RunnerOptions()).run()
    let setup = try ExperimentRunnerTests.Setup("docs-clustering")
    defer { try? FileManager.default.removeItem(at: setup.directory) }
    _ = try ExperimentRunner(spec: try setup.spec(["log_predictions=true", "seeds=[1]"])).run()
    let python = try #require(PythonH5py.interpreter)
    var missing: [String] = []
    for log in [pipelineLog, setup.logPath] {
      let output = try ProcessRunner.run(python, ["-c", Self.walk, log])
      #expect(output.status == 0, "\(output.stderr)")
      let names = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String]])
      #expect(names.count > 40)
      #expect(!names.contains { $0.first == "escaped-slash" || $0.first == "camel-case-key" }, "\(names)")
      for entry in names where entry.count == 3 && entry[0] != "escaped-slash" && entry[0] != "camel-case-key" {
        if !Self.documented(entry[2], parent: entry[1], in: docs) {
          missing.append("\(entry[0]) \(entry[2]) (in \(entry[1].isEmpty ? "/" : entry[1]))")
        }
      }
    }
    #expect(missing.isEmpty, "not in docs/run-log.md: \(Set(missing).sorted().joined(separator: "; "))")
  }
}
