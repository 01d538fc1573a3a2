import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("inverted-list assignment (IVF)")
struct InvertedCentreIndexTests {
  /// The exact nearest centre of every point, written out in double precision.
  static func exactNearest(_ points: Matrix, _ centres: Matrix) -> [Int32] {
    NaiveReference.distances(points, centres, .squaredEuclidean).map { Int32(NaiveReference.order($0)[0]) }
  }

  @Test func probedGroupsHoldTheNearestCentreForAlmostEveryPoint() throws {
    let points = ClusteringTestData.blobs(clusters: 40, perCluster: 50, dimensions: 6, spread: 1, seed: 1)
    let centres = points.gathering(rows: Array(stride(from: 0, to: 2000, by: 5)))  // 400 centres
    let truth = Self.exactNearest(points, centres)
    var previous = -1.0
    for probes in [1, 4, 12] {
      let index = try InvertedCentreIndex(centres: centres, lists: 20, probes: probes, seed: 3)
      #expect(index.lists == 20)
      #expect(index.members.flatMap { $0 }.sorted() == Array(0..<400))
      let got = try index.assign(points)
      let recall = Double(zip(got.indices, truth).filter { $0 == $1 }.count) / Double(points.rows)
      #expect(recall >= previous)
      previous = recall
      // Whatever it answers is a real centre at the distance it reports.
      for i in stride(from: 0, to: points.rows, by: 97) {
        let d = NaiveReference.distances(points.rows(i..<(i + 1)), centres, .squaredEuclidean)[0]
        let want: Double = d[Int(got.indices[i])]
        let reported = Double(got.distances[i])
        #expect(abs(reported - want) <= 1e-3 * max(1, want))
      }
    }
    #expect(previous >= 0.99)
  }

  @Test func sameAnswerWhateverTheThreadCount() throws {
    let points = NaiveReference.random(rows: 3000, columns: 5, seed: 2)
    let centres = NaiveReference.random(rows: 300, columns: 5, seed: 3)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try InvertedCentreIndex(centres: centres, probes: 3, seed: 1).assign(points)
    BLAS.threadCount = 2
    let two = try InvertedCentreIndex(centres: centres, probes: 3, seed: 1).assign(points)
    #expect(one == two)
  }

  @Test func kMeansWithInvertedAssignmentFindsTheSeparatedBlobs() throws {
    let points = ClusteringTestData.blobs(clusters: 30, perCluster: 40, dimensions: 4, spread: 0.05, seed: 5)
    let start = points.rows(0..<30)  // one point of each blob (rows cycle through the blobs)
    let exact = try KMeans(clusters: 30, initialization: .given(start), tolerance: 0).cluster(points)
    let inverted = try KMeans(
      clusters: 30, initialization: .given(start), tolerance: 0, assignment: .inverted(lists: 6, probes: 2)
    ).cluster(points)
    #expect(inverted.labels == exact.labels)
    let ratio = try #require(inverted.inertia) / (try #require(exact.inertia))
    #expect(abs(ratio - 1) < 1e-9)
  }

  @Test func askingForMoreThanAnIndexCanGiveIsRefusedBeforeAnyWork() throws {
    let points = NaiveReference.random(rows: 200, columns: 3, seed: 6)
    let centres = points.rows(0..<50)
    for (lists, probes, key) in [
      (8, 8, "probes"), (8, 9, "probes"), (8, 0, "probes"), (1, 1, "lists"), (51, 2, "lists"),
    ] {
      let error = #expect(throws: GlyphLabError.self) {
        try InvertedCentreIndex(centres: centres, lists: lists, probes: probes)
      }
      #expect("\(error.map { "\($0)" } ?? "")".contains(key))
      #expect(throws: GlyphLabError.self) {
        try KMeans(clusters: 50, initialization: .given(centres), assignment: .inverted(lists: lists, probes: probes))
          .cluster(points)
      }
    }
    // ⌈√50⌉ = 8 lists by default, so 8 probes would search them all.
    #expect(throws: GlyphLabError.self) { try InvertedCentreIndex(centres: centres, probes: 8) }
    #expect(try InvertedCentreIndex(centres: centres, probes: 7).lists == 8)
  }
}
