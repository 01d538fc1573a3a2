import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("run logs read by h5py")
struct RunLogH5pyTests {
  @Test(.enabled(if: PythonH5py.isAvailable, "h5py is not importable: install python3-h5py (make setup does)"))
  func h5pyReadsNumbersAsNumbersAndStringsAsStr() throws {
    let setup = try ExperimentRunnerTests.Setup("h5py")
    let spec = try setup.spec(["log_predictions=true"])
    _ = try ExperimentRunner(spec: spec).run()
    let described = try PythonH5py.read(setup.logPath)
    let root = try #require(described["root"] as? [String: String])
    for name in [
      "format", "version", "experiment", "kind", "spec", "spec_path", "spec_hash", "overrides", "command",
      "git_commit", "glyphlab_version", "blas_core", "host", "started_at", "finished_at", "shard", "sessions",
    ] {
      #expect(root[name] == "str", "root attribute \(name)")
    }
    for name in ["git_dirty", "blas_threads"] { #expect(root[name] == "int", "root attribute \(name)") }
    #expect(root["target"] == "float")
    #expect(root["inputs"] == "str")
    #expect(described["planned_runs"] as? [String] == spec.runs.map(\.id))
    #expect(described["spec"] as? String == (try String(contentsOfFile: setup.specPath, encoding: .utf8)))

    let reader = try RunLogReader(path: setup.logPath)
    let runs = try #require(described["runs"] as? [String: [String: Any]])
    #expect(Set(runs.keys) == Set(spec.runs.map(\.id)))
    for entry in try reader.entries() {
      let run = try #require(runs[entry.id])
      let types = try #require(run["types"] as? [String: String])
      let numbers = try #require(run["numbers"] as? [String: String]).compactMapValues { Double($0) }
      let strings = try #require(run["strings"] as? [String: String])
      for name in ["params", "status", "sweep", "ablation", "p.dataset.path", "p.clustering.init"] {
        #expect(types[name] == "str", "\(name)")
      }
      for name in ["seed", "index", "iterations", "clusters_found", "p.clustering.clusters"] {
        #expect(types[name] == "int", "\(name)")
      }
      // Booleans are HDF5 booleans (an int8 enum FALSE/TRUE), which h5py reads as bool.
      #expect(types["p.features.normalize"] == "bool")
      for name in ["ari", "ami", "nmi", "purity", "wall_seconds", "p.clustering.tolerance"] {
        #expect(types[name] == "float", "\(name)")
      }
      #expect(strings["status"] == "complete")
      #expect(strings["params"] == entry.params)
      for (name, value) in entry.scalars { #expect(numbers[name] == value, "\(name)") }
      for (name, value) in entry.integers { #expect(numbers[name] == Double(value), "\(name)") }
      #expect(numbers["seed"] == Double(entry.seed))

      let curves = try #require(run["curves"] as? [String: [String: Any]])
      for series in try reader.curves(entry.id) {
        let curve = try #require(curves[series.name])
        #expect(curve["dtype"] as? String == (series.isInteger ? "int64" : "float64"))
        #expect(curve["chunked"] as? Bool == true)
        #expect((curve["maxshape"] as? [Any])?.first is NSNull)
        #expect((curve["values"] as? [String])?.compactMap { Double($0) } == series.values)
      }
    }
  }
}
