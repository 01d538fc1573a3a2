import Foundation
import GlyphLabConfig
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// `clustering.assignment`, `clustering.lists` and `clustering.probes` (issue 15): k-means's
/// approximate E-step from a spec, in the clustering and pipeline kinds, checked before any
/// work, and out of run ids at their defaults.
@Suite("clustering.assignment in specs")
struct ClusteringAssignmentSpecTests {
  /// 16 classes of 20×20 glyphs, each an ink block at a position of its own.
  static func setup(_ label: String, kind: String) throws -> (directory: URL, spec: String, log: String) {
    let directory = try TestPaths.temporaryDirectory(label)
    let dataset = try RunnerFixtures.writeDataset(
      at: directory.appendingPathComponent("glyphs.h5").path, count: 640, classes: 16, side: 20)
    let log = directory.appendingPathComponent("log.h5").path
    let parameters =
      kind == "clustering"
      ? "  features: {downsample: 2}\n  clustering: {clusters: 16, max_iterations: 20}"
      : "  features: {kind: pixels, downsample: 2, pca: 0}\n  clustering: {glyphs_per_cluster: 40}\n"
        + "  query: {strategy: hybrid}\n  pipeline: {batch_size: 40, max_rounds: 3}"
    let text = """
      experiment: assignment-\(kind)
      kind: \(kind)
      seeds: [1]
      parameters:
        dataset: {path: \(dataset)}
      \(parameters)
      log: \(log)
      """
    return (directory, try RunnerFixtures.write(text, to: "spec.yaml", in: directory), log)
  }

  @Test(arguments: ["clustering", "pipeline"])
  func theDefaultIsExactAndKeepsRunIds(_ kind: String) throws {
    let s = try Self.setup("assignment-ids-\(kind)", kind: kind)
    let plain = try ExperimentSpec.load(path: s.spec)
    let exact = try ExperimentSpec.load(
      path: s.spec, overrides: ["clustering.assignment=exact", "clustering.lists=0", "clustering.probes=8"])
    #expect(exact.runs.map(\.id) == plain.runs.map(\.id))
    let inverted = try ExperimentSpec.load(
      path: s.spec, overrides: ["clustering.assignment=inverted", "clustering.lists=4", "clustering.probes=2"])
    #expect(inverted.runs.map(\.id) != plain.runs.map(\.id))
  }

  @Test(arguments: ["clustering", "pipeline"])
  func invertedAssignmentRunsAndIsLogged(_ kind: String) throws {
    let s = try Self.setup("assignment-run-\(kind)", kind: kind)
    let spec = try ExperimentSpec.load(
      path: s.spec, overrides: ["clustering.assignment=inverted", "clustering.lists=4", "clustering.probes=2"])
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 1)
    let entry = try #require(try RunLogReader(path: s.log).entries().first)
    #expect(entry.params.contains(#""clustering.assignment":"inverted""#), "\(entry.params)")
    #expect(entry.params.contains(#""clustering.lists":4"#) && entry.params.contains(#""clustering.probes":2"#))
    if kind == "clustering" {
      // The 16 blocks are far apart: two of four lists find every glyph's own centre.
      #expect((entry.scalars["ari"] ?? 0) > 0.9, "\(entry.scalars)")
    } else {
      // The hybrid strategy's first round needs the clusters.
      #expect((entry.scalars["throughput_cluster"] ?? 0) > 0, "\(entry.scalars)")
    }
  }

  /// 640 glyphs, 40 a cluster: k = 16 in the pipeline, as `clusters: 16` in the clustering kind.
  @Test(arguments: ["clustering", "pipeline"])
  func anIndexThatCannotBeApproximateIsRefusedBeforeAnyWork(_ kind: String) throws {
    let s = try Self.setup("assignment-bad-\(kind)", kind: kind)
    let golden: [([String], String, String)] = [
      (
        ["clustering.lists=4", "clustering.probes=4"], "parameters.clustering.probes",
        "4 for 16 clusters: must be at least 1 and below the 4 lists"
      ),
      (["clustering.lists=17"], "parameters.clustering.lists", "17 for 16 clusters: must be between 2 and"),
    ]
    for (overrides, key, message) in golden {
      // The clustering kind knows k from its spec and refuses the spec; the pipeline's k
      // comes from the dataset, and its input check refuses the run.
      let error = try #require(
        throws: ConfigError.self,
        performing: {
          let spec = try ExperimentSpec.load(path: s.spec, overrides: ["clustering.assignment=inverted"] + overrides)
          try ExperimentRunner(spec: spec).run()
        })
      #expect(error.key == key, "\(error)")
      #expect(error.message.contains(message), "\(error.message)")
      #expect(!FileManager.default.fileExists(atPath: s.log))
    }
  }

  @Test func invertedAssignmentIsRefusedForAnotherMethod() throws {
    let s = try Self.setup("assignment-method", kind: "pipeline")
    let error = try #require(
      throws: ConfigError.self,
      performing: {
        try ExperimentSpec.load(
          path: s.spec, overrides: ["clustering.method=minibatch-kmeans", "clustering.assignment=inverted"])
      })
    #expect(error.key == "parameters.clustering.assignment", "\(error)")
    #expect(error.message.contains("minibatch-kmeans assigns exactly"), "\(error.message)")
  }
}
