import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// The one `log_predictions` key: what a pipeline run stores per glyph, and the dataset's
/// data stored once per log, read back with h5py and checked against the dataset file.
@Suite("prediction logging")
struct PredictionLogTests {
  /// A 90-glyph dataset in 9 classes of unequal size, with groups `font` (3 values) and
  /// `variant`.
  static func writeDataset(at path: String) throws {
    let side = 12
    let sizes = [30, 20, 12, 10, 8, 4, 3, 2, 1]
    var generator = SeededGenerator(seed: 11)
    var pixels: [UInt8] = []
    var labels: [Int32] = []
    for (label, size) in sizes.enumerated() {
      for _ in 0..<size {
        let (oy, ox) = ((label * 5) % (side - 4), (label * 3) % (side - 4))
        for y in 0..<side {
          for x in 0..<side {
            let ink = (oy..<(oy + 4)).contains(y) && (ox..<(ox + 4)).contains(x)
            pixels.append(UInt8(ink ? 255 - generator.uniformInt(below: 90) : generator.uniformInt(below: 90)))
          }
        }
        labels.append(Int32(label))
      }
    }
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: "prediction-fixture", source: "GlyphLab tests", license: "CC0-1.0"),
      height: side, width: side)
    try writer.declareGroup("font", values: ["A", "B", "C"])
    try writer.declareGroup("variant", values: ["base form", "variant form"])
    let n = labels.count
    try writer.append(
      images: pixels, labels: labels,
      groups: ["font": (0..<n).map { Int32($0 % 3) }, "variant": (0..<n).map { $0 % 9 == 4 ? 1 : 0 }])
    try writer.setClasses((0..<sizes.count).map { "c\($0)" })
    try writer.finish()
  }

  static let check = """
    import h5py, json, sys
    import numpy as np
    log, data = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
    out = {"datasets": list(log["datasets"]) if "datasets" in log else [], "runs": {}}
    for key in out["datasets"]:
        group = log["datasets"][key]
        out["labels_match"] = bool(np.array_equal(group["labels"][:], data["labels"][:]))
        out["classes_match"] = [c.decode() if isinstance(c, bytes) else c for c in group["class_names"][:]] == \\
            [c.decode() if isinstance(c, bytes) else c for c in data["classes"][:]]
        out["groups"] = sorted(group["groups"])
        out["groups_match"] = all(np.array_equal(group["groups"][g][:], data["groups"][g][:]) for g in group["groups"])
    truth = data["labels"][:]
    images = data["images"][:]
    for rid, run in log["runs"].items():
        p = run["predictions"]
        labels, touched, rounds = p["labels"][:], p["touched"][:], p["settled_round"][:]
        e = p["errors"]
        idx, ex = e["indices"][:], e["exemplars"][:]
        out["runs"][rid] = {
            "n": int(len(labels)), "dataset": p.attrs["dataset"], "touched_dtype": str(touched.dtype),
            "bool_parameter": type(run.attrs["p.pipeline.suggest"]).__name__,
            "touched_is_settled": bool(np.array_equal(touched == 1, rounds >= 0)),
            "settled": int(touched.sum()), "total_labels": int(run.attrs["total_labels"]),
            "max_round": int(rounds.max()), "rounds": int(run.attrs["rounds"]),
            "settled_right": bool(np.all(labels[touched == 1] == truth[touched == 1])),
            "errors_wrong": bool(np.all(labels[idx] != truth[idx])),
            "images_match": bool(np.array_equal(e["images"][:], images[idx])),
            "exemplars_match": bool(np.all(truth[ex] == labels[idx])) and
                bool(np.array_equal(e["exemplar_images"][:], images[ex])),
            "typed_classes": int(run.attrs["label_floor_typed_classes"]),
            "floor_efficiency": float(run.attrs["label_floor_efficiency"]),
        }
    print(json.dumps(out))
    """

  @Test(.enabled(if: PythonH5py.isAvailable, "h5py is not importable: install python3-h5py (make setup does)"))
  func oneKeyStoresEveryGlyphAndTheDatasetOncePerLog() throws {
    let directory = try TestPaths.temporaryDirectory("predictions")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = directory.appendingPathComponent("glyphs.h5").path
    try Self.writeDataset(at: dataset)
    let log = directory.appendingPathComponent("log.h5").path
    let spec = try RunnerFixtures.write(
      """
      experiment: predictions
      kind: pipeline
      seeds: [1, 2]
      target: 0.99
      log_predictions: true
      parameters:
        dataset: {path: \(dataset)}
        features: {kind: pixels, downsample: 2, pca: 0}
        clustering: {glyphs_per_cluster: 10}
        query: {strategy: random}
        pipeline: {batch_size: 6, max_rounds: 3}
      ablation:
        components:
          no_suggestions: {pipeline.suggest: false}
      log: \(log)
      """, to: "spec.yaml", in: directory)
    let summary = try ExperimentRunner(spec: try ExperimentSpec.load(path: spec), options: RunnerOptions()).run()
    #expect(summary.completed == 4 && summary.failed == 0)
    let python = try #require(PythonH5py.interpreter)
    let output = try ProcessRunner.run(python, ["-c", Self.check, log, dataset])
    #expect(output.status == 0, "\(output.stderr)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let keys = try #require(result["datasets"] as? [String])
    #expect(keys.count == 1, "four runs on the same glyphs share one /datasets group")
    #expect(result["labels_match"] as? Bool == true && result["classes_match"] as? Bool == true)
    #expect(result["groups"] as? [String] == ["font", "variant"] && result["groups_match"] as? Bool == true)
    let runs = try #require(result["runs"] as? [String: [String: Any]])
    #expect(runs.count == 4)
    // Nine classes of 30, 20, 12, 10, 8, 4, 3, 2, 1 glyphs; 1 − 0.99 of 90 allows 0 glyphs
    // unlabelled, so all 9 classes must be typed: 90 × 4 s ÷ (9 × 4 s) = 10×.
    for (id, run) in runs {
      #expect(run["n"] as? Int == 90, "\(id)")
      #expect(run["touched_dtype"] as? String == "bool" && run["bool_parameter"] as? String == "bool_")
      #expect(run["dataset"] as? String == "/datasets/\(keys[0])")
      #expect(run["touched_is_settled"] as? Bool == true)
      #expect(run["settled"] as? Int == run["total_labels"] as? Int)
      #expect((run["max_round"] as? Int ?? 99) < (run["rounds"] as? Int ?? 0))
      #expect(run["settled_right"] as? Bool == true, "the simulated annotator settles glyphs with their truth")
      #expect(run["errors_wrong"] as? Bool == true && run["images_match"] as? Bool == true)
      #expect(run["exemplars_match"] as? Bool == true)
      #expect(run["typed_classes"] as? Int == 9)
      #expect(abs((run["floor_efficiency"] as? Double ?? 0) - 10) < 1e-9)
    }

    // merge keeps the shared group.
    let merged = directory.appendingPathComponent("merged.h5").path
    _ = try RunLogMerger.merge(inputs: [log], into: merged)
    let again = try ProcessRunner.run(python, ["-c", Self.check, merged, dataset])
    #expect(again.status == 0, "\(again.stderr)")
    let mergedResult = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
    #expect(mergedResult?["datasets"] as? [String] == keys)

    // Without the key nothing per glyph is stored, but the label floor is.
    let plain = directory.appendingPathComponent("plain.h5").path
    let without = try ExperimentSpec.load(path: spec, overrides: ["log_predictions=false", "seeds=[1]"])
    var options = RunnerOptions()
    options.logPath = plain
    _ = try ExperimentRunner(spec: without, options: options).run()
    let listing = try ProcessRunner.run(
      python,
      [
        "-c",
        "import h5py,sys; f=h5py.File(sys.argv[1]); print('datasets' in f, "
          + "all('predictions' not in r and 'label_floor_efficiency' in r.attrs for r in f['runs'].values()))", plain,
      ])
    #expect(listing.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "False True")

    // The retired per-kind key is refused, naming it.
    #expect(throws: (any Error).self) {
      _ = try ExperimentSpec.load(path: spec, overrides: ["pipeline.log_predictions=true"])
    }
  }
}
