import GlyphLabCore

/// Nearest class mean ("prototype") classification, as in prototypical networks (Snell et
/// al. 2017) and SimpleShot (Wang et al. 2019) on fixed features.
///
/// Each class is represented by the mean of its support rows (under the cosine metric, the
/// mean of the L2-normalised rows), a query is labelled with the nearest prototype, and its
/// probabilities are softmax(−distance / T) over the classes, with T chosen by
/// ``temperature`` (default: fitted on the support set by leave-one-out; see
/// ``SoftmaxTemperature``). With squared Euclidean distances this is the posterior of a
/// Gaussian model with a shared isotropic covariance, whose variance T/2 is fitted.
///
/// scikit-learn's `NearestCentroid` makes the same predictions (it has no probabilities).
public struct PrototypeClassifier: FewShotClassifier {
  /// The distance between a query and a prototype (default squared Euclidean).
  public var metric: DistanceMetric
  /// How distances become probabilities (default ``SoftmaxTemperature/automatic``).
  public var temperature: SoftmaxTemperature

  /// "prototype".
  public var name: String { "prototype" }

  /// Creates a nearest-prototype classifier.
  public init(metric: DistanceMetric = .squaredEuclidean, temperature: SoftmaxTemperature = .automatic) {
    self.metric = metric
    self.temperature = temperature
  }

  /// Builds one prototype per support class and scores every query against them.
  ///
  /// Throws ``GlyphLabError`` on bad input (see ``FewShotClassifier``); under the cosine
  /// metric, also on an all-zero support or query row.
  ///
  /// - Complexity: O(n·d) for the prototypes, O(q·c·d) for the query distances (blocked
  ///   SGEMM), O(min(n, 2048)·c·d) for the temperature fit; O(q·c + c·d) memory.
  public func predict(support: Matrix, supportLabels: [Int32], queries: Matrix) throws -> Predictions {
    let input = try FewShotInput(
      support: support, supportLabels: supportLabels, queries: queries, operation: name,
      metric: metric)
    let rows = metric == .cosine ? support.rowNormalized() : support
    let c = input.classes.count
    let d = rows.columns

    var sums = [Double](repeating: 0, count: c * d)
    for i in 0..<rows.rows {
      let base = input.classIndex[i] * d
      for (j, value) in rows.row(i).enumerated() { sums[base + j] += Double(value) }
    }
    let prototypes = Matrix(rows: c, columns: d) { k, j in
      Float(sums[k * d + j] / Double(input.classCounts[k]))
    }
    let set = PrototypeSet(prototypes: prototypes, classOfPrototype: Array(0..<c), classCount: c)
    let kernel = DistanceKernel(metric: metric)

    // The temperature: each fit row against its class mean rebuilt without it.
    let fitRows = SoftmaxTemperature.fitRows(supportCount: rows.rows)
    let fitDistances = try set.classDistances(queries: rows.gathering(rows: fitRows), kernel: kernel)
    let rowClass = fitRows.map { input.classIndex[$0] }
    let heldOut: [Double?] = fitRows.map { i in
      let k = input.classIndex[i]
      let count = input.classCounts[k]
      guard count >= 2 else { return nil }
      let x = rows.row(i)
      var mean = [Double](repeating: 0, count: d)
      for (j, value) in x.enumerated() {
        mean[j] = (sums[k * d + j] - Double(value)) / Double(count - 1)
      }
      return metric.distance(x, mean)
    }
    let beta = try temperature.inverseTemperature(
      distances: fitDistances, rowClass: rowClass, heldOut: heldOut, operation: name)

    let distances = try set.classDistances(queries: queries, kernel: kernel)
    return Predictions(distances: distances, classes: input.classes, inverseTemperature: beta)
  }
}
