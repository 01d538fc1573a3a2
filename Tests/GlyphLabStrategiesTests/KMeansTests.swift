import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("K-means")
struct KMeansTests {
  /// scikit-learn's Lloyd run from a given initialisation (../shared/reference/kmeans-lloyd.json).
  struct LloydReference {
    var points: Matrix
    var initial: Matrix
    var labels: [Int32]
    var inertia: Double
    var iterations: Int

    static func load() throws -> LloydReference {
      let json = try ReferenceJSON.load("kmeans-lloyd.json")
      let n = try #require(json["n"] as? Int)
      let d = try #require(json["d"] as? Int)
      let k = try #require(json["k"] as? Int)
      return LloydReference(
        points: try Matrix(rows: n, columns: d, elements: ReferenceJSON.floats(json["x"])),
        initial: try Matrix(rows: k, columns: d, elements: ReferenceJSON.floats(json["init"])),
        labels: ReferenceJSON.ints(json["labels"]).map { Int32($0) },
        inertia: try #require(json["inertia"] as? Double),
        iterations: try #require(json["n_iter"] as? Int))
    }
  }

  @Test func reproducesScikitLearnLloyd() throws {
    let reference = try LloydReference.load()
    let kmeans = KMeans(
      clusters: reference.initial.rows, initialization: .given(reference.initial), maxIterations: 100,
      tolerance: 0)
    let result = try kmeans.cluster(reference.points)
    let inertia = try #require(result.inertia)
    #expect(abs(inertia - reference.inertia) <= 1e-4 * reference.inertia)
    #expect(result.labels == reference.labels)
    #expect(result.iterations == reference.iterations)
  }
}
