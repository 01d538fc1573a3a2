import GlyphLabCore
import GlyphLabPipeline
import GlyphLabStrategies
import Testing

@Suite("References and adapting features in the loop")
struct ReferenceSetTests {
  /// The class centres of `HumanInTheLoopPipelineTests.blobs`, recovered as the mean of each
  /// class: exact references for a nearest-prototype model.
  static func centres(_ x: Matrix, _ y: [Int32]) throws -> ReferenceSet {
    try ReferenceSet(features: x, labels: y).classMeans()
  }

  @Test func classMeansAverageEachClass() throws {
    let x = try Matrix([[0, 0], [2, 4], [10, 10], [1, 1]])
    let means = try ReferenceSet(features: x, labels: [3, 3, 1, 3]).classMeans()
    #expect(means.labels == [1, 3])
    #expect(Array(means.features.row(0)) == [10, 10])
    #expect(Array(means.features.row(1)) == [1, 5.0 / 3.0])
  }

  @Test func classMeansKeepOnePrototypePerWrittenForm() throws {
    // Class 3 is drawn in two forms (0 and 1), class 1 in one.
    let x = try Matrix([[0, 0], [2, 4], [10, 10], [1, 1], [6, 2]])
    let means = try ReferenceSet(features: x, labels: [3, 3, 1, 3, 3], forms: [0, 1, 0, 0, 1]).classMeans()
    #expect(means.labels == [1, 3, 3] && means.forms == [0, 0, 1])
    #expect(Array(means.features.row(0)) == [10, 10])
    #expect(Array(means.features.row(1)) == [0.5, 0.5])
    #expect(Array(means.features.row(2)) == [4, 3])
    #expect(try ReferenceSet(features: x, labels: [3, 3, 1, 3, 3]).forms == [0, 0, 0, 0, 0])
    #expect(throws: GlyphLabError.self) { try ReferenceSet(features: x, labels: [3, 3, 1, 3, 3], forms: [0]) }
  }

  @Test func referencesRecogniseBeforeAnyoneLabels() throws {
    let (x, y) = HumanInTheLoopPipelineTests.blobs()
    let pipeline = HumanInTheLoopPipeline(
      configuration: PipelineConfiguration(target: 1, batchSize: 5, verifyClusters: false, seed: 2),
      clustering: KMeans(clusters: 4, seed: 1), classifier: PrototypeClassifier(),
      strategy: UncertaintyQuery(measure: .margin))
    var seen: [PipelineRound] = []
    let result = try pipeline.run(features: x, truth: y, references: Self.centres(x, y)) { seen.append($0) }
    // Round 0 is the zero-label point: nobody worked, and the well-separated blobs are all
    // recognised from their centres alone.
    let first = try #require(seen.first)
    #expect(first.index == 0)
    #expect(first.point.cost == 0)
    #expect(first.point.labels == 0)
    #expect(first.point.accuracy == 1)
    #expect(result.stopReason == "target")
    #expect(result.ledger.totalSeconds == 0)
  }

  @Test func referencesOfAnotherWidthAreRefused() throws {
    let (x, y) = HumanInTheLoopPipelineTests.blobs()
    let pipeline = HumanInTheLoopPipeline(
      configuration: PipelineConfiguration(seed: 1), clustering: KMeans(clusters: 4, seed: 1),
      classifier: PrototypeClassifier(), strategy: RandomQuery())
    let narrow = try ReferenceSet(features: Matrix(rows: 2, columns: 3), labels: [0, 1])
    #expect(throws: GlyphLabError.self) { try pipeline.run(features: x, truth: y, references: narrow) }
    #expect(throws: GlyphLabError.self) { try ReferenceSet(features: Matrix(rows: 2, columns: 3), labels: [0]) }
    #expect(throws: GlyphLabError.self) { try ReferenceSet(features: Matrix(rows: 1, columns: 3), labels: [-1]) }
  }

  /// Replaces the features with the true class's one-hot code once people have labelled:
  /// after the first adaptation every glyph is recognised.
  final class Oracle: FeatureAdapter {
    let truth: [Int32]
    let classes: Int
    var calls: [(glyphs: Int, round: Int)] = []
    init(truth: [Int32]) {
      self.truth = truth
      classes = Int(truth.max() ?? 0) + 1
    }
    var name: String { "oracle" }
    func adapt(glyphs: [Int], labels: [Int32], round: Int, seed: UInt64) throws -> AdaptedFeatures? {
      calls.append((glyphs.count, round))
      #expect(zip(glyphs, labels).allSatisfy { truth[$0] == $1 })
      let x = try Matrix(rows: truth.count, columns: classes) { i, j in j == Int(truth[i]) ? 1 : 0 }
      return AdaptedFeatures(features: x, seconds: 0.5)
    }
  }

  @Test func adaptedFeaturesAreUsedFromTheNextFit() throws {
    let (x, y) = HumanInTheLoopPipelineTests.blobs()
    // Features that say nothing: every glyph looks the same before adapting.
    let blind = Matrix(rows: x.rows, columns: 4, repeating: 1)
    let oracle = Oracle(truth: y)
    var configuration = PipelineConfiguration(target: 1, batchSize: 40, verifyClusters: false, seed: 3)
    configuration.adaptEvery = 2
    let pipeline = HumanInTheLoopPipeline(
      configuration: configuration, clustering: KMeans(clusters: 2, seed: 1), classifier: PrototypeClassifier(),
      strategy: RandomQuery())
    let result = try pipeline.run(features: blind, truth: y, adapter: oracle)
    #expect(oracle.calls.first?.round == 1)
    #expect(result.stopReason == "target")
    #expect(result.rounds.contains { $0.throughput["adapt"] != nil })
  }
}
