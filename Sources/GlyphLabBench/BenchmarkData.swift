import GlyphLabCore
import GlyphLabFiles
import GlyphLabHDF5

/// The input of the clustering benchmarks: a float32 2-D dataset in an HDF5 file, or seeded
/// synthetic points. `glyphlab bench make-data` writes the synthetic points to a file so that
/// GlyphLab, faiss and scikit-learn all read the very same numbers.
public enum BenchmarkData {
  /// The dataset path `make-data` writes and the benchmarks read by default.
  public static let defaultDataset = "/features"
  /// The root `format` attribute of the files ``write(_:to:dataset:seed:)`` makes.
  public static let formatName = "glyphlab-bench-points"

  /// How synthetic benchmark points are spread.
  public enum Distribution: String, CaseIterable, Sendable {
    /// A Gaussian mixture of 256 centres: k-means converges in few iterations.
    case mixture
    /// Independent U(0, 1) coordinates: no clusters, so k-means keeps moving every centre.
    case uniform

    /// What the points are, as the `generator` attribute of the file says it.
    public var generator: String {
      switch self {
      case .mixture: "glyphlab bench make-data: Gaussian mixture, 256 centres"
      case .uniform: "glyphlab bench make-data: uniform U(0, 1) coordinates"
      }
    }
  }

  /// `rows × dimension` seeded points. `.mixture` (the default): `centres` centres drawn from
  /// N(0, 4²) per coordinate, each point a uniformly chosen centre plus N(0, 1) noise.
  /// `.uniform`: every coordinate U(0, 1). Rows are generated in order from one stream, so
  /// the first m rows for a seed are the same whatever `rows` is.
  ///
  /// - Complexity: O(rows × dimension).
  public static func synthetic(
    rows: Int, dimension: Int, seed: UInt64, centres: Int = 256, distribution: Distribution = .mixture
  ) -> Matrix {
    var generator = SeededGenerator(seed: seed).derived("bench-data")
    var values = [Float]()
    values.reserveCapacity(rows * dimension)
    switch distribution {
    case .mixture:
      let middle = Matrix(rows: max(1, centres), columns: dimension) { _, _ in Float(4 * generator.normal()) }
      for _ in 0..<rows {
        let c = generator.uniformInt(below: middle.rows)
        for j in 0..<dimension { values.append(middle[c, j] + Float(generator.normal())) }
      }
    case .uniform:
      for _ in 0..<(rows * dimension) { values.append(Float(generator.uniformDouble())) }
    }
    return (try? Matrix(rows: rows, columns: dimension, elements: values)) ?? Matrix(rows: 0, columns: dimension)
  }

  /// Writes `points` as a float32 `rows × columns` dataset at `dataset` in a new file at
  /// `path` (replacing any file there), atomically, with `labels` (one per row) as int32 at
  /// ``defaultLabels`` when given. `generator` says where the points came from.
  public static func write(
    _ points: Matrix, to path: String, dataset: String = defaultDataset, seed: UInt64?, labels: [Int32]? = nil,
    generator: String = Distribution.mixture.generator
  ) throws {
    if let labels, labels.count != points.rows {
      throw GlyphLabError.invalidArgument(
        operation: "BenchmarkData.write", name: "labels", value: "\(labels.count) labels",
        reason: "need one per row (\(points.rows))")
    }
    try HDF5File.writeAtomically(to: RealPath.resolve(path)) { file in
      try file.setAttribute("format", formatName)
      let data = try file.createDataset(dataset, of: Float.self, shape: [points.rows, points.columns])
      try data.write(points.elements)
      try data.setAttribute("generator", generator)
      if let seed { try data.setAttribute("seed", Int(truncatingIfNeeded: seed)) }
      if let labels {
        let stored = try file.createDataset(defaultLabels, of: Int32.self, shape: [labels.count])
        try stored.write(labels)
      }
    }
  }

  /// Where ``write(_:to:dataset:seed:labels:generator:)`` puts the labels, and the
  /// estimator benchmarks read them.
  public static let defaultLabels = "/labels"

  /// The int32 labels at `dataset` of the HDF5 file at `path`, one per row of its points.
  /// Throws if the dataset is missing, not int32 or not 1-D.
  public static func loadLabels(path: String, dataset: String = defaultLabels) throws -> [Int32] {
    let file = try HDF5File(path: path, mode: .readOnly)
    guard file.exists(dataset) else {
      throw GlyphLabError.invalidArgument(
        operation: "BenchmarkData.loadLabels", name: "labels", value: dataset,
        reason: "\(path) has no \(dataset) (write it with `glyphlab bench make-data --from DATASET`)")
    }
    let data = try file.openDataset(dataset)
    try data.requireType(Int32.self)
    let shape = try data.shape()
    guard shape.count == 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "BenchmarkData.loadLabels", name: "labels", value: dataset,
        reason: "has shape \(shape); one label per row is needed")
    }
    return try data.readRows(0..<shape[0])
  }

  /// Rows `range` (all rows if `nil`) of the float32 2-D dataset `dataset` in the HDF5 file at
  /// `path`. Throws if the dataset is missing, not float32, not 2-D, or too short.
  public static func load(
    path: String, dataset: String = defaultDataset, rows range: Range<Int>? = nil
  ) throws -> Matrix {
    let file = try HDF5File(path: path, mode: .readOnly)
    let data = try file.openDataset(dataset)
    try data.requireType(Float.self)
    let shape = try data.shape()
    guard shape.count == 2 else {
      throw GlyphLabError.invalidArgument(
        operation: "BenchmarkData.load", name: "dataset", value: dataset,
        reason: "has shape \(shape); a 2-D points × features dataset is needed")
    }
    let wanted = range ?? 0..<shape[0]
    guard wanted.lowerBound >= 0, wanted.upperBound <= shape[0] else {
      throw GlyphLabError.invalidArgument(
        operation: "BenchmarkData.load", name: "rows", value: "\(wanted)",
        reason: "\(path):\(dataset) has only \(shape[0]) rows")
    }
    let values: [Float] = try data.readRows(wanted)
    return try Matrix(rows: wanted.count, columns: shape[1], elements: values)
  }

  /// Rows `range` of the file's dataset if `path` is given, else the same rows of the
  /// synthetic points for `seed` (`dimension` columns).
  public static func rows(
    _ range: Range<Int>, path: String?, dataset: String, dimension: Int, seed: UInt64
  ) throws -> Matrix {
    if let path { return try load(path: path, dataset: dataset, rows: range) }
    return synthetic(rows: range.upperBound, dimension: dimension, seed: seed).rows(range)
  }
}
