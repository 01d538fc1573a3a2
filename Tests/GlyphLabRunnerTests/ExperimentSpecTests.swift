import GlyphLabConfig
import GlyphLabRunner
import Testing

@Suite("experiment specs")
struct ExperimentSpecTests {
  static let base = """
    experiment: bad
    kind: clustering
    seeds: [1, 2]
    parameters:
      dataset:
        path: glyphs.h5
      clustering:
        clusters: 3
    sweep:
      clustering.clusters: [2, 3]
    """

  /// The error message of parsing `text` (as bad.yaml) with `overrides`.
  func message(_ text: String, _ overrides: [String] = []) -> String {
    do {
      _ = try ExperimentSpec.parse(text, file: "bad.yaml", overrides: overrides)
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  func replacing(_ old: String, _ new: String) -> String {
    Self.base.replacingOccurrences(of: old, with: new)
  }

  static let allParameters = ClusteringExperiment.schema.definitions.map(\.key).sorted().joined(separator: ", ")

  @Test func errorsNameTheFileLineAndKey() {
    let golden: [(String, String)] = [
      (
        replacing("seeds: [1, 2]", "kinds: x\nseeds: [1, 2]"),
        "bad.yaml:3: kinds: unknown key (known keys here: ablation, costs, description, experiment, kind, log, "
          + "log_predictions, parameters, seeds, sweep, target); did you mean 'kind'?"
      ),
      (
        replacing("clusters: 3\n", "clusters: ten\n"),
        "bad.yaml:8: parameters.clustering.clusters: expected an integer, got 'ten'"
      ),
      (
        replacing("  clustering:\n", "  features:\n    downsample: 0\n  clustering:\n"),
        "bad.yaml:8: parameters.features.downsample: 0 is outside 1...64"
      ),
      (
        replacing("clusters: 3\n", "k: 3\n"),
        "bad.yaml:8: parameters.clustering.k: unknown key (known keys here: assignment, batch_size, clusters, eps, "
          + "init, lists, max_iterations, memory_limit_mb, method, min_samples, probes, restarts, threshold, "
          + "tolerance)"
      ),
      (
        replacing("  dataset:\n    path: glyphs.h5\n", ""),
        "bad.yaml:5: parameters.dataset.path: missing required parameter (file path: GlyphLab dataset file (.h5))"
      ),
      (
        replacing("  clustering:\n", "  features:\n    source: hog\n    downsample: 2\n  clustering:\n"),
        "bad.yaml:8: parameters.features.source: was renamed: write features.kind (pixels, hog, …), or "
          + "features.kind: stored with features.name: NAME (docs/experiments.md, Features)"
      ),
      (
        replacing("clusters: 3\n", "clusters: 3\n    method: agglomerative-wrd\n"),
        "bad.yaml:9: parameters.clustering.method: 'agglomerative-wrd' is not one of kmeans, minibatch-kmeans, "
          + "agglomerative-ward, agglomerative-average, dbscan, leader; did you mean 'agglomerative-ward'?"
      ),
      (
        replacing("  clustering:\n", "  clustring:\n"),
        "bad.yaml:7: parameters.clustring: unknown key (known keys here: clustering, costs, dataset, features, "
          + "grids); did you mean 'clustering'?"
      ),
      (
        replacing("clustering.clusters: [2, 3]", "clustering.k: [2, 3]"),
        "bad.yaml:10: sweep.clustering.k: unknown key (known keys here: \(Self.allParameters))"
      ),
      (
        replacing("clustering.clusters: [2, 3]", "clustering.clusters: 3"),
        "bad.yaml:10: sweep.clustering.clusters: expected a list of values to sweep"
      ),
      (
        replacing("clustering.clusters: [2, 3]", "clustering.clusters: [2, 2]"),
        "bad.yaml:10: sweep.clustering.clusters.1: 2 is listed twice"
      ),
      (
        replacing("clustering.clusters: [2, 3]", "features.downsample: [1, 2]\n  clustering.clusters: [2, 3, 1000]")
          .replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: [1]"),
        "no error"
      ),
      (
        Self.base + "\nablation:\n  components:\n    norm: {features.normalize: true}",
        "bad.yaml:13: ablation.components.norm.features.normalize: is already true in the base, so this "
          + "component would repeat the base run"
      ),
      (
        Self.base + "\nablation:\n  components:\n    k: {clustering.clusters: 5}",
        "bad.yaml:13: ablation.components.k.clustering.clusters: is a sweep axis; an ablation component cannot "
          + "also change it"
      ),
      (
        Self.base + "\nablation:\n  components: {}",
        "bad.yaml:12: ablation.components: needs at least one component"
      ),
      (replacing("seeds: [1, 2]", "seeds: [1, 1]"), "bad.yaml:3: seeds.1: seed 1 is listed twice"),
      (replacing("seeds: [1, 2]", "seeds: 4"), "bad.yaml:3: seeds: expected a list of seeds, e.g. [1, 2, 3]"),
      (
        replacing("kind: clustering", "kind: clusterin"),
        "bad.yaml:2: kind: 'clusterin' is not one of clustering, detection, fewshot, pipeline; did you mean 'clustering'?"
      ),
      (
        replacing("experiment: bad", "experiment: a/b"),
        "bad.yaml:1: experiment: 'a/b' is not a valid name: use letters, digits, '.', '_' and '-'"
      ),
      (replacing("experiment: bad\n", ""), "bad.yaml:1: experiment: missing (every spec needs it)"),
      (replacing("seeds: [1, 2]", "target: 1.5"), "bad.yaml:3: target: 1.5 is outside 0.0...1.0"),
      (
        replacing("clusters: 3\n", "clusters: 3\n    max_iterations: [1]\n"),
        "bad.yaml:9: parameters.clustering.max_iterations: expected an integer, got a list"
      ),
      (
        replacing("  clustering:\n", "  limit: 4\n  clustering:\n"),
        "bad.yaml:7: parameters.limit: unknown key (known keys here: clustering, costs, dataset, features, grids)"
      ),
    ]
    for (text, expected) in golden {
      #expect(message(text) == expected)
    }
  }

  @Test func impossibleCombinationsInASweepPointAtTheSweepValue() {
    let text = replacing("path: glyphs.h5", "path: glyphs.h5\n    limit: 4")
    #expect(
      message(text.replacingOccurrences(of: "[2, 3]", with: "[2, 5]"))
        == "bad.yaml:11: sweep.clustering.clusters.1: 5 clusters for 4 glyphs (dataset.limit)")
  }

  @Test func overrideErrorsNameTheCommandLine() {
    let golden: [([String], String)] = [
      (
        ["clustering.clusterz=3"],
        "<command line>: parameters.clustering.clusterz: unknown key (known keys here: assignment, batch_size, "
          + "clusters, eps, init, lists, max_iterations, memory_limit_mb, method, min_samples, probes, restarts, "
          + "threshold, tolerance); did you mean 'clusters'?"
      ),
      (
        ["clustering.max_iterations=many"],
        "<command line>: parameters.clustering.max_iterations: expected an integer, got 'many'"
      ),
      (["seeds"], "<command line>: seeds: expected key=value (a dotted key, then '=')"),
      (["=3"], "<command line>: =3: expected key=value (a dotted key, then '=')"),
      (
        ["clustering..clusters=3"], "<command line>: parameters.clustering..clusters: empty component in the dotted key"
      ),
      (
        ["clustering.clusters=5"],
        "<command line>: parameters.clustering.clusters: is a sweep axis; override sweep.clustering.clusters=[…] "
          + "to change the values it takes"
      ),
      (["target=2"], "<command line>: target: 2.0 is outside 0.0...1.0"),
      (["seeds=[3, x]"], "<command line>: seeds.1: expected an integer, got 'x'"),
      (
        ["dataset.path.x=1"],
        "<command line>: parameters.dataset.path: is not a mapping, so 'x' cannot be set inside it"
      ),
      (
        ["sweep.features.downsample=[0]"],
        "<command line>: sweep.features.downsample.0: 0 is outside 1...64"
      ),
      (
        ["features.kind=hogg"],
        "<command line>: parameters.features.kind: 'hogg' is not one of pixels, hog, stored, encoder; did you mean 'hog'?"
      ),
      (["sweep.clustering.clusters=[4, 5]", "seeds=[9]"], "no error"),
    ]
    for (overrides, expected) in golden {
      #expect(message(Self.base, overrides) == expected, "\(overrides)")
    }
  }

  @Test func overridesChangeTheRuns() throws {
    let spec = try ExperimentSpec.parse(
      Self.base, file: "bad.yaml",
      overrides: ["sweep.clustering.clusters=[4, 5, 6]", "seeds=[9]", "features.downsample=2", "log=x.h5"])
    #expect(spec.runs.count == 3)
    #expect(try spec.runs.map { try $0.parameters.int("clustering.clusters") } == [4, 5, 6])
    #expect(spec.runs.allSatisfy { $0.seed == 9 })
    #expect(spec.baseParameters["features.downsample"] == .int(2))
    #expect(spec.logPath == "x.h5")
    #expect(spec.overrides.count == 4)
  }
}
