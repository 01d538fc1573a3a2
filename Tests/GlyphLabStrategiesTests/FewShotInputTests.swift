import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

/// Every classifier refuses the same bad input with the same kind of error.
@Suite("Few-shot input validation")
struct FewShotInputTests {
  static let classifiers: [any FewShotClassifier] = [
    PrototypeClassifier(),
    MultiPrototypeClassifier(),
    KNearestNeighborsClassifier(),
    LogisticRegressionClassifier(),
    LabelPropagationClassifier(),
    PrototypeClassifier().transformed(by: .l2Normalized),
  ]

  static let support = NaiveReference.random(rows: 6, columns: 3, seed: 1)
  static let labels: [Int32] = [0, 0, 1, 1, 2, 2]
  static let queries = NaiveReference.random(rows: 4, columns: 3, seed: 2)

  @Test(arguments: classifiers.indices)
  func emptySupportIsRefused(index: Int) {
    let classifier = Self.classifiers[index]
    #expect(throws: GlyphLabError.self) {
      try classifier.predict(support: Matrix(rows: 0, columns: 3), supportLabels: [], queries: Self.queries)
    }
  }

  @Test(arguments: classifiers.indices)
  func labelCountMismatchIsRefused(index: Int) throws {
    let error = try #require(throws: GlyphLabError.self) {
      try Self.classifiers[index].predict(support: Self.support, supportLabels: [0, 1], queries: Self.queries)
    }
    guard case .shapeMismatch = error else {
      Issue.record("expected a shape mismatch, got \(error)")
      return
    }
  }

  @Test(arguments: classifiers.indices)
  func featureCountMismatchIsRefused(index: Int) throws {
    let error = try #require(throws: GlyphLabError.self) {
      try Self.classifiers[index].predict(
        support: Self.support, supportLabels: Self.labels, queries: Matrix(rows: 2, columns: 4))
    }
    guard case .shapeMismatch = error else {
      Issue.record("expected a shape mismatch, got \(error)")
      return
    }
  }

  @Test(arguments: classifiers.indices)
  func nonFiniteValuesAreRefused(index: Int) throws {
    var bad = Self.support
    bad[2, 1] = .nan
    let error = try #require(throws: GlyphLabError.self) {
      try Self.classifiers[index].predict(support: bad, supportLabels: Self.labels, queries: Self.queries)
    }
    #expect(error == .nonFinite(operation: Self.classifiers[index].name, argument: "support", row: 2, column: 1))
    var badQueries = Self.queries
    badQueries[3, 0] = .infinity
    #expect(throws: GlyphLabError.self) {
      try Self.classifiers[index].predict(support: Self.support, supportLabels: Self.labels, queries: badQueries)
    }
  }

  @Test(arguments: classifiers.indices)
  func negativeLabelsAreRefused(index: Int) throws {
    let error = try #require(throws: GlyphLabError.self) {
      try Self.classifiers[index].predict(
        support: Self.support, supportLabels: [0, 0, 1, -1, 2, 2], queries: Self.queries)
    }
    #expect("\(error)".contains("supportLabels[3]"))
  }

  @Test(arguments: classifiers.indices)
  func requestedClassWithoutExamplesIsRefused(index: Int) throws {
    let classifier = Self.classifiers[index]
    let error = try #require(throws: GlyphLabError.self) {
      try classifier.predict(
        support: Self.support, supportLabels: Self.labels, queries: Self.queries, classes: [0, 1, 2, 7])
    }
    #expect("\(error)".contains("class 7 has no support example"))
    #expect(throws: GlyphLabError.self) {
      try classifier.predict(support: Self.support, supportLabels: Self.labels, queries: Self.queries, classes: [0, 1])
    }
    let fine = try classifier.predict(
      support: Self.support, supportLabels: Self.labels, queries: Self.queries, classes: [2, 0, 1])
    #expect(fine.classes == [0, 1, 2])
  }

  @Test(arguments: classifiers.indices)
  func emptyQueriesGiveEmptyPredictions(index: Int) throws {
    let p = try Self.classifiers[index].predict(
      support: Self.support, supportLabels: Self.labels, queries: Matrix(rows: 0, columns: 3))
    #expect(p.labels.isEmpty)
    #expect(p.probabilities.rows == 0 && p.probabilities.columns == 3)
  }

  @Test(arguments: classifiers.indices)
  func singleClassGivesCertainty(index: Int) throws {
    let p = try Self.classifiers[index].predict(
      support: Self.support, supportLabels: [Int32](repeating: 4, count: 6), queries: Self.queries)
    #expect(p.classes == [4])
    #expect(p.labels == [4, 4, 4, 4])
    #expect(p.probabilities.elements.allSatisfy { abs($0 - 1) < 1e-6 })
  }

  @Test func cosineRefusesAllZeroRows() throws {
    var zeroSupport = Self.support
    for j in 0..<3 { zeroSupport[1, j] = 0 }
    var zeroQuery = Self.queries
    for j in 0..<3 { zeroQuery[2, j] = 0 }
    let cosine: [any FewShotClassifier] = [
      PrototypeClassifier(metric: .cosine), MultiPrototypeClassifier(metric: .cosine),
      KNearestNeighborsClassifier(metric: .cosine), LabelPropagationClassifier(metric: .cosine),
    ]
    for classifier in cosine {
      let error = try #require(throws: GlyphLabError.self) {
        try classifier.predict(support: zeroSupport, supportLabels: Self.labels, queries: Self.queries)
      }
      #expect("\(error)".contains("support row 1"))
      let queryError = try #require(throws: GlyphLabError.self) {
        try classifier.predict(support: Self.support, supportLabels: Self.labels, queries: zeroQuery)
      }
      #expect("\(queryError)".contains("queries row 2"))
    }
    // Squared Euclidean has no trouble with zero rows.
    _ = try PrototypeClassifier().predict(support: zeroSupport, supportLabels: Self.labels, queries: zeroQuery)
  }

  @Test func inputRecordsClassesAndCounts() throws {
    let input = try FewShotInput(
      support: NaiveReference.random(rows: 5, columns: 2, seed: 3), supportLabels: [9, 3, 9, 5, 9],
      queries: Matrix(rows: 0, columns: 2), operation: "test")
    #expect(input.classes == [3, 5, 9])
    #expect(input.classIndex == [2, 0, 2, 1, 2])
    #expect(input.classCounts == [1, 1, 3])
    #expect(input.rowsByClass == [[1], [3], [0, 2, 4]])
  }
}
