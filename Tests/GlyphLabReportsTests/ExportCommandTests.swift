import Foundation
import GlyphLabReports
import GlyphLabTestSupport
import Testing

/// `glyphlab runs --format`, `glyphlab curves` and `glyphlab export mlflow`, read back by
/// other tools: Python's csv and json modules, pandas, and MLflow's own client.
@Suite("exports read by other tools")
struct ExportCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  /// `/usr/bin/python3` when it imports pandas (python3-pandas, Scripts/apt-packages.txt).
  static let pandasPython: URL? = {
    let url = URL(fileURLWithPath: "/usr/bin/python3")
    guard let output = try? ProcessRunner.run(url, ["-c", "import pandas"]), output.status == 0 else { return nil }
    return url
  }()

  /// The venv `Scripts/mlflow-venv.sh` makes, when MLflow imports there.
  static let mlflowPython: URL? = {
    let url = TestPaths.repository.appendingPathComponent(".build/mlflow-venv/bin/python")
    guard let output = try? ProcessRunner.run(url, ["-c", "import mlflow"]), output.status == 0 else { return nil }
    return url
  }()

  /// Runs `script` with `arguments` in `python` and decodes the JSON it prints.
  static func python(_ python: URL, _ script: String, _ arguments: [String]) throws -> [String: Any] {
    let output = try ProcessRunner.run(python, ["-c", script] + arguments)
    #expect(output.status == 0, "\(output.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
  }

  static let readBack = """
    import csv, json, sys
    import pandas as pd
    kind, path = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    if kind == "csv":
        rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
        frame = pd.read_csv(path)
    elif kind == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        frame = pd.read_json(path, lines=True)
    else:
        rows = json.loads(text)
        frame = pd.DataFrame(rows)
    first = rows[0]
    print(json.dumps({
        "rows": len(rows), "columns": list(first.keys()), "pandas_rows": int(len(frame)),
        "pandas_columns": [str(c) for c in frame.columns], "escaped_slash": "\\\\/" in text,
        "first": {k: (None if v == "" else v) for k, v in first.items()},
        "pandas_first_accuracy": None if "final_accuracy" not in frame else float(frame["final_accuracy"].iloc[0]),
    }))
    """

  @Test(.enabled(if: pandasPython != nil, "python3-pandas is not installed (make setup installs it)"))
  func runsAndCurvesReadBackWithCsvJsonAndPandas() throws {
    let directory = try TestPaths.temporaryDirectory("exports")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("glyphs.h5").path
    try SyntheticRunLog.withGlyphs().write(to: log)
    let snapshot = try RunLogSnapshot(path: log)
    let python = try #require(Self.pandasPython)
    for format in ["csv", "jsonl", "json"] {
      let output = try ProcessRunner.run(try glyphlab(), ["runs", log, "--format", format])
      #expect(output.status == 0, "\(output.stderr)")
      let file = directory.appendingPathComponent("runs.\(format)")
      try Data(output.stdout.utf8).write(to: file)
      let read = try Self.python(python, Self.readBack, [format, file.path])
      #expect(read["rows"] as? Int == snapshot.runs.count, "\(format)")
      #expect(read["pandas_rows"] as? Int == snapshot.runs.count, "\(format)")
      #expect(read["escaped_slash"] as? Bool == false)
      let columns = try #require(read["columns"] as? [String])
      #expect(columns.prefix(3) == ["run_id", "status", "seed"])
      #expect(columns.contains("params.costs.type") && columns.contains("params.pipeline.budget"))
      #expect(columns.contains("final_accuracy") && columns.contains("label_floor_efficiency"))
      let first = try #require(read["first"] as? [String: Any])
      let run = try #require(snapshot.runs.first { $0.id == first["run_id"] as? String })
      let accuracy = try #require(run.scalars["final_accuracy"])
      let stored = first["final_accuracy"].flatMap { ($0 as? Double) ?? Double(($0 as? String) ?? "") }
      #expect(stored == accuracy, "\(format)")
      #expect(read["pandas_first_accuracy"] as? Double == accuracy, "\(format)")
      #expect(
        (first["params.pipeline.budget"] as? String) == "manual/6", "\(format): text parameters stay text")
    }
    for format in ["csv", "jsonl"] {
      let output = try ProcessRunner.run(try glyphlab(), ["curves", log, "--format", format])
      #expect(output.status == 0, "\(output.stderr)")
      let file = directory.appendingPathComponent("curves.\(format)")
      try Data(output.stdout.utf8).write(to: file)
      let read = try Self.python(python, Self.readBack, [format, file.path])
      let rounds = snapshot.runs.map { $0.curves["accuracy"]?.count ?? 0 }.reduce(0, +)
      #expect(read["rows"] as? Int == rounds && read["pandas_rows"] as? Int == rounds)
      let columns = try #require(read["columns"] as? [String])
      // Only the parameter that differs between runs gets a column.
      #expect(columns == ["run_id", "seed", "ablation", "params.pipeline.suggest", "round"] + columns.dropFirst(5))
      #expect(columns.contains("accuracy") && columns.contains("cost") && columns.contains("actions_type"))
    }
    let bad = try ProcessRunner.run(try glyphlab(), ["runs", log, "--format", "xml"])
    #expect(bad.status != 0 && bad.stderr.contains("xml"))
  }

  static let readStore = """
    import json, sys
    from mlflow.tracking import MlflowClient
    client = MlflowClient(tracking_uri="file://" + sys.argv[1])
    experiments = {e.name: e.experiment_id for e in client.search_experiments()}
    runs = client.search_runs([experiments["glyphs"]], max_results=1000)
    out = {"experiments": sorted(experiments), "runs": {}}
    for run in runs:
        history = client.get_metric_history(run.info.run_id, "curve.accuracy")
        out["runs"][run.info.run_id] = {
            "status": run.info.status, "params": run.data.params, "tags": run.data.tags,
            "final_accuracy": run.data.metrics.get("final_accuracy"),
            "curve": [[m.step, m.value] for m in sorted(history, key=lambda m: m.step)],
        }
    print(json.dumps(out))
    """

  @Test(
    .enabled(
      if: mlflowPython != nil, "MLflow is not installed: run Scripts/mlflow-venv.sh (it makes .build/mlflow-venv)"))
  func mlflowClientReadsTheExportedStore() throws {
    let directory = try TestPaths.temporaryDirectory("mlflow")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("glyphs.h5").path
    try SyntheticRunLog.withGlyphs().write(to: log)
    let store = directory.appendingPathComponent("mlruns")
    let output = try ProcessRunner.run(try glyphlab(), ["export", "mlflow", log, "--out", store.path])
    #expect(output.status == 0, "\(output.stderr)")
    let again = try ProcessRunner.run(try glyphlab(), ["export", "mlflow", log, "--out", store.path])
    #expect(again.status != 0 && again.stderr.contains("--overwrite"), "an existing store is not replaced silently")
    let read = try Self.python(try #require(Self.mlflowPython), Self.readStore, [store.path])
    #expect(read["experiments"] as? [String] == ["Default", "glyphs"])
    let runs = try #require(read["runs"] as? [String: [String: Any]])
    let snapshot = try RunLogSnapshot(path: log)
    #expect(Set(runs.keys) == Set(snapshot.runs.map(\.id)))
    for run in snapshot.runs {
      let exported = try #require(runs[run.id])
      #expect(exported["status"] as? String == "FINISHED")
      #expect(exported["final_accuracy"] as? Double == run.scalars["final_accuracy"])
      let params = try #require(exported["params"] as? [String: String])
      #expect(params["costs.type"].flatMap(Double.init) == 4 && params["pipeline.budget"] == "manual/6")
      let tags = try #require(exported["tags"] as? [String: String])
      #expect(tags["mlflow.source.git.commit"] == "0123456789abcdef0123456789abcdef01234567")
      #expect(tags["glyphlab.git_dirty"] == "true" && tags["glyphlab.ablation"] == run.ablation)
      let curve = try #require(exported["curve"] as? [[Double]])
      #expect(curve.map { $0[0] } == run.curves["round"])
      // Within a few ulps: Foundation's JSON parser on Linux is not exact on doubles.
      let values = try #require(run.curves["accuracy"])
      #expect(curve.count == values.count && zip(curve, values).allSatisfy { abs($0[1] - $1) <= 1e-12 })
    }
  }

  @Test func mlflowStoreLayoutIsTheFileStores() throws {
    // Without MLflow: the files its FileStore reads, checked by hand.
    let directory = try TestPaths.temporaryDirectory("mlflow-layout")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("glyphs.h5").path
    try SyntheticRunLog.withGlyphs().write(to: log)
    let snapshot = try RunLogSnapshot(path: log)
    let store = directory.appendingPathComponent("store")
    #expect(try MLflowStore.write([snapshot], to: store) == ["1"])
    let meta = try String(contentsOf: store.appendingPathComponent("1/meta.yaml"), encoding: .utf8)
    #expect(meta.contains("experiment_id: '1'") && meta.contains("name: 'glyphs'"))
    #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("0/meta.yaml").path))
    let run = try #require(snapshot.runs.first)
    let folder = store.appendingPathComponent("1/\(run.id)")
    let history = try String(contentsOf: folder.appendingPathComponent("metrics/curve.accuracy"), encoding: .utf8)
    let lines = history.split(separator: "\n").map { $0.split(separator: " ") }
    #expect(lines.map { Double($0[2]) } == run.curves["round"])
    #expect(lines.map { Double($0[1]) } == run.curves["accuracy"])
    #expect(
      try String(contentsOf: folder.appendingPathComponent("params/pipeline.budget"), encoding: .utf8) == "manual/6")
    #expect(throws: (any Error).self) { try MLflowStore.write([snapshot], to: store) }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty, "no staging folder is left behind")
  }

  @Test func reportWritesExactlyTheFilesItLists() throws {
    // The overwrite rule checks the files a report lists; so every file written (PNG and CSV
    // included) must be listed, and nothing else (no temporary file) left in the folder.
    let directory = try TestPaths.temporaryDirectory("report-files")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("glyphs.h5").path
    try SyntheticRunLog.withGlyphs().write(to: log)
    let out = directory.appendingPathComponent("out/glyphs.md")
    let rendered = MarkdownReport(snapshot: try RunLogSnapshot(path: log)).render(fileStem: "glyphs")
    let written = try rendered.write(to: out)
    let names = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).sorted()
    #expect(names == written.map(\.lastPathComponent).sorted())
    #expect(names == (["glyphs.md"] + rendered.charts.map(\.name)).sorted())
    #expect(names.contains("glyphs-errors.png") && names.contains("glyphs-accuracy-cost.csv"))
  }
}
