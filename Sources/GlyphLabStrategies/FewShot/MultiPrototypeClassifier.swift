import GlyphLabCore

/// Nearest-prototype classification with several prototypes per class, for characters that
/// come in variant forms (e.g. 為 and 爲 labelled as one class): each class's support rows
/// are clustered by a seeded Lloyd k-means into min(count, ``prototypesPerClass``) centres,
/// and a class scores by its best (nearest) prototype. Probabilities are
/// softmax(−distance / T) over the classes, T chosen by ``temperature``.
///
/// With one prototype per class this is ``PrototypeClassifier``; with at least as many
/// prototypes as support rows every row is its own prototype and this is 1-nearest-neighbour.
///
/// For the leave-one-out temperature, a held-out row is scored against its own class's
/// other centres and its own centre recomputed without it (the clustering is not re-run).
public struct MultiPrototypeClassifier: FewShotClassifier {
  /// The most prototypes per class (default 3); a class with fewer support rows gets one
  /// per row.
  public var prototypesPerClass: Int
  /// The distance between a query and a prototype (default squared Euclidean). Under the
  /// cosine metric the clustering is spherical: rows are L2-normalised first.
  public var metric: DistanceMetric
  /// How distances become probabilities (default ``SoftmaxTemperature/automatic``).
  public var temperature: SoftmaxTemperature
  /// The most Lloyd iterations per class (default 100); the loop stops earlier when no
  /// assignment changes.
  public var maxIterations: Int
  /// The seed of the k-means++ initialisations. Class `label` draws from
  /// `SeededGenerator(seed: seed).derived(UInt64(label))`, so a class's prototypes depend only
  /// on the seed and its own rows.
  public var seed: UInt64

  /// "multi-prototype".
  public var name: String { "multi-prototype" }

  /// Creates a multi-prototype classifier.
  public init(
    prototypesPerClass: Int = 3, metric: DistanceMetric = .squaredEuclidean,
    temperature: SoftmaxTemperature = .automatic, maxIterations: Int = 100, seed: UInt64 = 0
  ) {
    self.prototypesPerClass = prototypesPerClass
    self.metric = metric
    self.temperature = temperature
    self.maxIterations = maxIterations
    self.seed = seed
  }

  /// Clusters each class's support rows and scores every query by its nearest prototype of
  /// each class.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``), on
  /// `prototypesPerClass < 1` or `maxIterations < 1`, and under the cosine metric on an
  /// all-zero row.
  ///
  /// - Complexity: O(n·P·d·iterations) for the clustering, O(q·c·P·d) for the query
  ///   distances; O(q·c + c·P·d) memory.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    guard prototypesPerClass >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "prototypesPerClass", value: "\(prototypesPerClass)",
        reason: "must be at least 1")
    }
    guard maxIterations >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "maxIterations", value: "\(maxIterations)", reason: "must be at least 1")
    }
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: queries, operation: name,
      metric: metric)
    let rows = metric == .cosine ? support.rowNormalized() : support
    let kernel = DistanceKernel(metric: metric)
    let root = SeededGenerator(seed: seed)

    // Cluster each class; remember each support row's centre and its cluster's size.
    var centres = [Matrix]()
    var classOfPrototype = [Int]()
    var firstPrototype = [Int]()
    var prototypeOfRow = [Int](repeating: 0, count: rows.rows)
    for (k, members) in input.rowsByClass.enumerated() {
      var generator = root.derived(UInt64(input.classes[k]))
      let clustering = try lloyd(
        rows.gathering(rows: members), centres: min(members.count, prototypesPerClass),
        kernel: kernel, generator: &generator)
      firstPrototype.append(classOfPrototype.count)
      for (position, row) in members.enumerated() {
        prototypeOfRow[row] = classOfPrototype.count + clustering.assignment[position]
      }
      classOfPrototype += [Int](repeating: k, count: clustering.centres.rows)
      centres.append(clustering.centres)
    }
    let prototypes = try Matrix.stacking(centres)
    firstPrototype.append(prototypes.rows)
    var clusterSizes = [Int](repeating: 0, count: prototypes.rows)
    for p in prototypeOfRow { clusterSizes[p] += 1 }
    let set = PrototypeSet(
      prototypes: prototypes, classOfPrototype: classOfPrototype, classCount: input.classes.count)

    let fitRows = SoftmaxTemperature.fitRows(supportCount: rows.rows)
    let fitDistances = try set.classDistances(queries: rows.gathering(rows: fitRows), kernel: kernel)
    let heldOut: [Double?] = fitRows.map { i in
      let k = input.classIndex[i]
      let own = prototypeOfRow[i]
      let x = rows.row(i)
      var best: Double? = nil
      for p in firstPrototype[k]..<firstPrototype[k + 1] {
        let size = clusterSizes[p]
        let centre = prototypes.row(p).map(Double.init)
        let candidate: Double
        if p != own {
          candidate = metric.distance(x, centre)
        } else if size >= 2 {
          let reduced = zip(centre, x).map { (Double(size) * $0 - Double($1)) / Double(size - 1) }
          candidate = metric.distance(x, reduced)
        } else {
          continue
        }
        best = min(best ?? candidate, candidate)
      }
      return best
    }
    let beta = try temperature.inverseTemperature(
      distances: fitDistances, rowClass: fitRows.map { input.classIndex[$0] }, heldOut: heldOut,
      operation: name)

    let distances = try set.classDistances(queries: queries, kernel: kernel)
    return Predictions(distances: distances, classes: input.classes, inverseTemperature: beta)
  }
}
