import Foundation
import GlyphLabCore
import GlyphLabPipeline
import GlyphLabRunner
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("clustering kind: every method, feature kinds, grid cost")
struct ClusteringKindTests {
  @Test(arguments: ClusteringAlgorithm.allCases)
  func everyMethodRunsOnHOGAndPCAAndLogsItsScores(_ method: ClusteringAlgorithm) throws {
    let setup = try ExperimentRunnerTests.Setup("cluster-\(method.rawValue)")
    let spec = try setup.spec([
      "clustering.method=\(method.rawValue)", "features.kind=hog", "features.hog_cell=4", "features.pca=8",
      "clustering.eps=0.6", "clustering.threshold=0.6", "sweep={}",
      "ablation={components: {raw: {features.normalize: false}}}",
      "seeds=[1]",
    ])
    let summary = try ExperimentRunner(spec: spec).run()
    #expect(summary.completed == 2, "\(method)")
    for recording in try RunnerFixtures.recordings(setup.logPath).values {
      for key in ["ari", "ami", "nmi", "homogeneity", "completeness", "v_measure", "fowlkes_mallows", "purity"] {
        #expect(recording.scalars[key]?.isFinite == true, "\(method) \(key)")
      }
      #expect(recording.integers["feature_dimensions"] == 8)
      #expect(recording.strings["features"]?.hasPrefix("hog-o9-c4-b2+pca8") == true)
      let grid = try #require(recording.scalars["grid_cost"])
      let manual = try #require(recording.scalars["manual_cost"])
      #expect(manual == 120 * 4)
      #expect(abs((recording.scalars["grid_efficiency"] ?? .nan) - manual / grid) < 1e-9)
      #expect((recording.integers["clusters_found"] ?? 0) >= 1)
    }
  }

  @Test func gridCostFollowsTheCostModelByHand() {
    // Cluster 0: five glyphs, four of class 7 → one grid; cluster 1: one glyph (typed);
    // one noise glyph (typed); one unlabelled glyph (left out).
    let clusters: [Int32] = [0, 0, 0, 0, 0, 1, -1, 0]
    let truth: [Int32] = [7, 7, 7, 3, 7, 2, 5, -1]
    let costs = AnnotationCostModel.standard
    let cost = GridVerificationCost(clusters: clusters, truth: truth, costs: costs, maxGridSize: 16)
    let grid = 2 + 0.25 * 5 + 4 + 1 * (1 + 4)
    #expect(cost.gridSeconds == grid + 4 + 4)
    #expect(cost.manualSeconds == 7 * 4)
    #expect(cost.grids == 1 && cost.markedWrong == 1 && cost.typedDirectly == 2)
    // Grids of at most 2: the five become grids of 2, 2, 1 (the last, a grid of one, is
    // still a grid since its cluster is larger).
    let small = GridVerificationCost(clusters: clusters, truth: truth, costs: costs, maxGridSize: 2)
    #expect(small.grids == 3)
  }

  @Test func aMethodThatWouldNotFitIsRefusedBeforeTheLogIsWritten() throws {
    let setup = try ExperimentRunnerTests.Setup("cluster-memory")
    // Agglomerative clustering of 1,200 glyphs needs n(n−1)/2 floats, about 3 MB.
    let big = setup.directory.appendingPathComponent("big.h5").path
    try RunnerFixtures.writeDataset(at: big, count: 1200)
    let bigSpec = try setup.spec([
      "clustering.method=agglomerative-ward", "clustering.memory_limit_mb=1", "sweep={}",
      "ablation={components: {raw: {features.normalize: false}}}", "dataset.path=\(big)",
    ])
    do {
      _ = try ExperimentRunner(spec: bigSpec).run()
      Issue.record("agglomerative clustering of 1,200 glyphs in 1 MB was accepted")
    } catch {
      #expect("\(error)".contains("parameters.clustering.method"), "\(error)")
      #expect("\(error)".contains("agglomerative-ward on 1200 glyphs needs about 3 MB"), "\(error)")
    }
    #expect(!FileManager.default.fileExists(atPath: setup.logPath))
  }

  @Test func storedFeaturesAreOneKindAmongOthers() throws {
    let setup = try ExperimentRunnerTests.Setup("cluster-stored")
    let missing = try setup.spec([
      "features.kind=stored", "features.name=clip", "sweep={}",
      "ablation={components: {raw: {features.normalize: false}}}",
    ])
    do {
      try ExperimentRunner(spec: missing).checkInputs()
      Issue.record("missing stored features passed the check")
    } catch {
      #expect("\(error)".contains("parameters.features.name"), "\(error)")
      #expect("\(error)".contains("has no /features/clip"), "\(error)")
    }
    do {
      _ = try setup.spec(["features.kind=stored"])
      Issue.record("stored features without a name were accepted")
    } catch {
      #expect("\(error)".contains("features.kind is stored, so name the /features matrix"), "\(error)")
    }
  }
}
