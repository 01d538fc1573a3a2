import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("Multi-prototype classifier")
struct MultiPrototypeClassifierTests {
  /// Class 0 has two variant forms at ±12·e₀; class 1 sits between them at 4·e₀, nearer
  /// class 0's mean (the origin) than class 0's forms are.
  static func variants(perForm: Int, seed: UInt64) -> (x: Matrix, labels: [Int32]) {
    var g = SeededGenerator(seed: seed)
    var rows = [[Float]]()
    var labels = [Int32]()
    for (centre, label) in [([12.0, 0.0], Int32(0)), ([-12.0, 0.0], 0), ([4.0, 0.0], 1)] {
      for _ in 0..<perForm {
        rows.append([Float(centre[0] + g.normal()), Float(centre[1] + g.normal()), Float(g.normal())])
        labels.append(label)
      }
    }
    return ((try? Matrix(rows)) ?? Matrix(rows: 0, columns: 0), labels)
  }

  @Test func variantFormsNeedSeveralPrototypes() throws {
    let train = Self.variants(perForm: 8, seed: 1)
    let test = Self.variants(perForm: 30, seed: 2)
    let multi = try MultiPrototypeClassifier(prototypesPerClass: 2, seed: 3).predict(
      support: train.x, supportLabels: train.labels, queries: test.x)
    #expect(multi.labels == test.labels)
    #expect(FewShotData.probabilitiesAreDistributions(multi))
    // One mean per class puts class 0's prototype at the origin, near class 1.
    let single = try PrototypeClassifier().predict(support: train.x, supportLabels: train.labels, queries: test.x)
    #expect(FewShotData.accuracy(single.labels, test.labels) < 0.9)
  }

  @Test func onePrototypePerClassIsThePrototypeClassifier() throws {
    let data = FewShotData.blobs(classes: 4, perClass: 7, dimensions: 6, separation: 2, seed: 4)
    let queries = NaiveReference.random(rows: 25, columns: 6, seed: 5)
    let multi = try MultiPrototypeClassifier(prototypesPerClass: 1).predict(
      support: data.x, supportLabels: data.labels, queries: queries)
    let single = try PrototypeClassifier().predict(support: data.x, supportLabels: data.labels, queries: queries)
    #expect(multi.labels == single.labels)
    for (a, b) in zip(multi.probabilities.elements, single.probabilities.elements) { #expect(abs(a - b) < 1e-4) }
  }

  @Test(arguments: DistanceMetric.allCases)
  func asManyPrototypesAsRowsIsOneNearestNeighbour(metric: DistanceMetric) throws {
    let support = NaiveReference.random(rows: 30, columns: 4, seed: 6)
    let labels = (0..<30).map { Int32($0 % 5) }
    let queries = NaiveReference.random(rows: 40, columns: 4, seed: 7)
    let multi = try MultiPrototypeClassifier(prototypesPerClass: 6, metric: metric).predict(
      support: support, supportLabels: labels, queries: queries)
    let nearest = try DistanceKernel(metric: metric).argmin(queries: queries, references: support)
    #expect(multi.labels == nearest.indices.map { labels[Int($0)] })
  }

  @Test func isDeterministicForASeed() throws {
    let data = FewShotData.blobs(classes: 3, perClass: 25, dimensions: 5, separation: 1, seed: 8)
    let queries = NaiveReference.random(rows: 50, columns: 5, seed: 9)
    let classifier = MultiPrototypeClassifier(prototypesPerClass: 4, seed: 10)
    let a = try classifier.predict(support: data.x, supportLabels: data.labels, queries: queries)
    let b = try classifier.predict(support: data.x, supportLabels: data.labels, queries: queries)
    #expect(a == b)
  }

  @Test func lloydMatchesANaiveLloydFromTheSameStart() throws {
    // Run the classifier's loop, then replay Lloyd naively from its k-means++ start.
    let x = NaiveReference.random(rows: 60, columns: 3, seed: 11)
    let classifier = MultiPrototypeClassifier(prototypesPerClass: 4)
    var g = SeededGenerator(seed: 12)
    let result = try classifier.lloyd(x, centres: 4, kernel: DistanceKernel(), generator: &g)
    // At a Lloyd fixed point each centre is the mean of its rows and each row is nearest
    // its own centre.
    for k in 0..<4 {
      let members = (0..<60).filter { result.assignment[$0] == k }
      #expect(!members.isEmpty)
      for j in 0..<3 {
        let mean = members.reduce(0.0) { $0 + Double(x[$1, j]) } / Double(members.count)
        #expect(abs(Double(result.centres[k, j]) - mean) < 1e-5)
      }
    }
    let d = NaiveReference.distances(x, result.centres, .squaredEuclidean)
    for i in 0..<60 { #expect(d[i][result.assignment[i]] <= d[i].min()! + 1e-5) }
  }

  @Test func emptyClustersTakeTheFarthestRows() {
    let x = (try? Matrix([[0], [1], [10]])) ?? Matrix(rows: 0, columns: 0)
    // Everything assigned to centre 0; centre 1 is empty and must take row 2 (distance 9).
    let centres = MultiPrototypeClassifier.means(of: x, assignment: [0, 0, 0], nearest: [1, 0, 81], count: 2)
    #expect(centres.elements == [0.5, 10])
  }

  @Test func badParametersAreRefused() {
    let x = NaiveReference.random(rows: 4, columns: 2, seed: 13)
    #expect(throws: GlyphLabError.self) {
      try MultiPrototypeClassifier(prototypesPerClass: 0).predict(support: x, supportLabels: [0, 0, 1, 1], queries: x)
    }
    #expect(throws: GlyphLabError.self) {
      try MultiPrototypeClassifier(maxIterations: 0).predict(support: x, supportLabels: [0, 0, 1, 1], queries: x)
    }
  }
}
