import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("Distance kernels")
struct DistanceKernelTests {
  /// Tiny tiles force many blocks, and sizes that are not multiples of the tile shape.
  static let kernels: [DistanceKernel] = DistanceMetric.allCases.flatMap { metric in
    [DistanceKernel(metric: metric), DistanceKernel(metric: metric, tileBytes: 4096)]
  }

  @Test(arguments: kernels)
  func distancesMatchNaive(kernel: DistanceKernel) throws {
    for (n, m, d) in [(1, 1, 1), (37, 53, 7), (100, 300, 16), (3, 70, 1)] {
      let x = NaiveReference.random(rows: n, columns: d, seed: 10)
      let y = NaiveReference.random(rows: m, columns: d, seed: 11)
      let got = try kernel.distances(queries: x, references: y)
      let want = NaiveReference.distances(x, y, kernel.metric)
      for i in 0..<n {
        for j in 0..<m { #expect(abs(Double(got[i, j]) - want[i][j]) < 1e-4, "\(n)x\(m)x\(d) at \(i),\(j)") }
      }
    }
  }

  @Test func distancesAreClampedAtZero() throws {
    let x = try Matrix([[1000.5, -2000.25, 3000.125]])
    let d = try DistanceKernel().distances(queries: x, references: x)
    #expect(d[0, 0] == 0)
  }

  @Test func cosineZeroRowsHaveDistanceOne() throws {
    let x = try Matrix([[0, 0], [1, 0]])
    let d = try DistanceKernel(metric: .cosine).distances(queries: x, references: x)
    #expect(d.elements == [1, 1, 1, 0])
  }

  @Test(arguments: kernels)
  func argminMatchesNaiveWithTies(kernel: DistanceKernel) throws {
    // Small integers make exact ties common; the lowest index must win.
    let x = NaiveReference.randomIntegers(rows: 203, columns: 3, seed: 12)
    let y = NaiveReference.randomIntegers(rows: 77, columns: 3, seed: 13)
    let got = try kernel.argmin(queries: x, references: y)
    let want = NaiveReference.distances(x, y, kernel.metric)
    for i in 0..<x.rows {
      let best = NaiveReference.order(want[i])[0]
      if kernel.metric == .squaredEuclidean {
        #expect(Int(got.indices[i]) == best, "row \(i)")
      } else {
        // Cosine ties can differ in the last bit after normalisation; the distance must agree.
        #expect(abs(want[i][Int(got.indices[i])] - want[i][best]) < 1e-6, "row \(i)")
      }
      #expect(abs(Double(got.distances[i]) - want[i][best]) < 1e-4)
    }
  }

  @Test(arguments: kernels)
  func topKMatchesNaive(kernel: DistanceKernel) throws {
    let x = NaiveReference.random(rows: 61, columns: 9, seed: 14)
    let y = NaiveReference.random(rows: 150, columns: 9, seed: 15)
    for k in [1, 5, 150, 400] {
      let got = try kernel.topK(queries: x, references: y, k: k)
      #expect(got.k == min(k, 150), "k larger than the references returns every reference")
      let want = NaiveReference.distances(x, y, kernel.metric)
      for i in 0..<x.rows {
        let order = NaiveReference.order(want[i])
        let gotDistances = Array(got.distances(row: i))
        for c in 0..<got.k {
          #expect(abs(Double(gotDistances[c]) - want[i][order[c]]) < 1e-4)
        }
        #expect(gotDistances == gotDistances.sorted(), "ascending")
        #expect(Set(got.indices(row: i)).count == got.k, "distinct")
      }
    }
  }

  @Test func topKTiesKeepLowerIndexFirst() throws {
    let x = try Matrix([[0, 0]])
    let y = try Matrix([[1, 0], [0, 1], [-1, 0], [0, -1], [2, 0]])
    let got = try DistanceKernel(tileBytes: 4096).topK(queries: x, references: y, k: 3)
    #expect(got.indices == [0, 1, 2])
    let exact = try DistanceKernel().topK(queries: x, references: y, k: 5)
    #expect(exact.indices == [0, 1, 2, 3, 4])
    #expect(exact.distances == [1, 1, 1, 1, 4])
  }

  @Test func zeroQueryRows() throws {
    let y = NaiveReference.random(rows: 4, columns: 3, seed: 1)
    let empty = Matrix(rows: 0, columns: 3)
    #expect(try DistanceKernel().argmin(queries: empty, references: y).indices.isEmpty)
    #expect(try DistanceKernel().topK(queries: empty, references: y, k: 2).indices.isEmpty)
    #expect(try DistanceKernel().distances(queries: empty, references: y).count == 0)
  }

  @Test func badInputThrows() throws {
    let x = NaiveReference.random(rows: 4, columns: 3, seed: 1)
    let y = NaiveReference.random(rows: 5, columns: 2, seed: 2)
    let kernel = DistanceKernel()
    #expect(throws: GlyphLabError.self) { try kernel.argmin(queries: x, references: y) }
    #expect(throws: GlyphLabError.self) { try kernel.topK(queries: x, references: x, k: 0) }
    #expect(throws: GlyphLabError.self) { try kernel.topK(queries: x, references: x, k: -3) }
    #expect(throws: GlyphLabError.self) { try kernel.argmin(queries: x, references: Matrix(rows: 0, columns: 3)) }
    var bad = x
    bad[1, 2] = .nan
    #expect(throws: GlyphLabError.nonFinite(operation: "argmin", argument: "queries", row: 1, column: 2)) {
      try kernel.argmin(queries: bad, references: x)
    }
    bad[1, 2] = .infinity
    #expect(throws: GlyphLabError.nonFinite(operation: "topK", argument: "references", row: 1, column: 2)) {
      try kernel.topK(queries: x, references: bad, k: 1)
    }
    #expect(throws: GlyphLabError.self) {
      try kernel.distances(queries: x, references: x, memoryLimit: 8)
    }
  }

  @Test func matchesScikitLearnNearestNeighbours() throws {
    let points = try ReferenceJSON.load("kmeans-lloyd.json")
    let reference = try ReferenceJSON.load("nearest-neighbours.json")
    let n = try #require(points["n"] as? Int)
    let d = try #require(points["d"] as? Int)
    let all = try Matrix(rows: n, columns: d, elements: ReferenceJSON.floats(points["x"]))
    let queries = all.rows(0..<500)
    let base = all.rows(500..<n)
    let k = try #require(reference["k"] as? Int)
    let wantIndices = (reference["indices"] as? [[Int]]) ?? []
    let wantDistances = ReferenceJSON.nested(reference["distances"])
    #expect(wantIndices.count == 500)
    for kernel in [DistanceKernel(), DistanceKernel(tileBytes: 16 << 10)] {
      let got = try kernel.topK(queries: queries, references: base, k: k)
      for i in 0..<500 {
        #expect(got.indices(row: i).map(Int.init) == wantIndices[i], "query \(i)")
        for c in 0..<k {
          let euclidean = Double(got.distances(row: i)[i * k + c]).squareRoot()
          #expect(abs(euclidean - wantDistances[i][c]) < 1e-3)
        }
      }
      let nearest = try kernel.argmin(queries: queries, references: base)
      #expect(nearest.indices.map(Int.init) == wantIndices.map { $0[0] })
    }
  }
}

extension DistanceKernel: CustomTestStringConvertible {
  public var testDescription: String { "\(metric.rawValue), tile \(tileBytes) B" }
}

@Suite("Distance kernels are thread-count independent", .serialized)
struct DistanceKernelThreadTests {
  @Test func sameBitsWithOneOrTwoThreads() throws {
    let x = NaiveReference.random(rows: 1000, columns: 8, seed: 41)
    let y = NaiveReference.random(rows: 1000, columns: 8, seed: 42)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    var results: [(NearestResult, NeighborsResult)] = []
    for threads in [1, 2] {
      BLAS.threadCount = threads
      let kernel = DistanceKernel(tileBytes: 64 << 10)
      results.append((try kernel.argmin(queries: x, references: y), try kernel.topK(queries: x, references: y, k: 5)))
    }
    #expect(results[0].0 == results[1].0)
    #expect(results[0].1 == results[1].1)
  }
}

@Suite("Distance kernel pairs")
struct DistanceKernelPairTests {
  @Test func everyPairOnceWithItsDistance() throws {
    let x = NaiveReference.random(rows: 71, columns: 5, seed: 43)
    let want = NaiveReference.distances(x, x, .squaredEuclidean)
    var seen = [[Bool]](repeating: [Bool](repeating: false, count: 71), count: 71)
    try DistanceKernel(tileBytes: 4096).forEachPair(of: x, blockRows: 16) { i, first, distances in
      for (k, d) in distances.enumerated() {
        let j = first + k
        #expect(j > i && !seen[i][j])
        seen[i][j] = true
        #expect(abs(Double(d) - want[i][j]) < 1e-4)
      }
    }
    #expect((0..<71).allSatisfy { i in (0..<71).allSatisfy { j in seen[i][j] == (j > i) } })
  }
}
