import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Feature transforms")
struct FeatureTransformTests {
  @Test func transformsMatchTheirDefinitions() throws {
    let x = try Matrix([[3, 4], [0, 0], [1, 1]])
    #expect(try FeatureTransform.unnormalized.apply(x) == x)
    #expect(
      try FeatureTransform.l2Normalized.apply(x).elements
        == [0.6, 0.8, 0, 0, 1 / 2.0.squareRoot(), 1 / 2.0.squareRoot()].map(Float.init))
    // Base rows (1,1), (3,1) → mean (2,1). (3,4) − (2,1) = (1,3) → /√10.
    let cl2n = try FeatureTransform.centeredL2Normalized(base: try Matrix([[1, 1], [3, 1]]))
    #expect(cl2n == .centeredL2Normalized(mean: [2, 1]))
    let y = try cl2n.apply(x)
    let r = 10.0.squareRoot()
    #expect(abs(Double(y[0, 0]) - 1 / r) < 1e-6 && abs(Double(y[0, 1]) - 3 / r) < 1e-6)
    // (1,1) − (2,1) = (−1, 0).
    #expect(y[2, 0] == -1 && y[2, 1] == 0)
  }

  @Test func namesAreShort() {
    #expect(FeatureTransform.unnormalized.name == "un")
    #expect(FeatureTransform.l2Normalized.name == "l2n")
    #expect(FeatureTransform.centeredL2Normalized(mean: []).name == "cl2n")
    #expect(PrototypeClassifier().transformed(by: .l2Normalized).name == "l2n+prototype")
  }

  @Test func wrapperFeedsTransformedRowsToTheBase() throws {
    let data = FewShotData.blobs(classes: 3, perClass: 6, dimensions: 4, separation: 3, seed: 1)
    let queries = NaiveReference.random(rows: 12, columns: 4, seed: 2)
    let transform = try FeatureTransform.centeredL2Normalized(
      base: NaiveReference.random(rows: 20, columns: 4, seed: 3))
    let wrapped = try TransformedClassifier(KNearestNeighborsClassifier(k: 3), transform: transform).predict(
      support: data.x, supportLabels: data.labels, queries: queries)
    let direct = try KNearestNeighborsClassifier(k: 3).predict(
      support: transform.apply(data.x), supportLabels: data.labels, queries: transform.apply(queries))
    #expect(wrapped == direct)
  }

  @Test func l2nMakesEuclideanPrototypesScaleInvariantPerRow() throws {
    // Rows of one class differ only in scale (ink darkness); L2N removes that.
    // Class 0 points along (10, 1) with small norms, class 1 along (5, 6) with large ones.
    let support = try Matrix([[1, 0.1], [2, 0.2], [40, 48], [60, 72]])
    let queries = try Matrix([[100, 10], [5, 6]])
    let plain = try PrototypeClassifier().predict(support: support, supportLabels: [0, 0, 1, 1], queries: queries)
    let l2n = try PrototypeClassifier().transformed(by: .l2Normalized).predict(
      support: support, supportLabels: [0, 0, 1, 1], queries: queries)
    #expect(l2n.labels == [0, 1])
    #expect(plain.labels == [1, 0])
  }

  @Test func mismatchedMeanIsRefused() throws {
    let x = NaiveReference.random(rows: 4, columns: 3, seed: 4)
    #expect(throws: GlyphLabError.self) { try FeatureTransform.centeredL2Normalized(mean: [0, 0]).apply(x) }
    #expect(throws: GlyphLabError.self) { try FeatureTransform.centeredL2Normalized(base: Matrix(rows: 0, columns: 3)) }
    let wrapped = PrototypeClassifier().transformed(by: .centeredL2Normalized(mean: [0, 0]))
    #expect(throws: GlyphLabError.self) { try wrapped.predict(support: x, supportLabels: [0, 0, 1, 1], queries: x) }
  }
}
