import GlyphLabCore

/// Features computed elsewhere (e.g. a dataset's `/features/<name>`), one row per dataset
/// image: extraction looks rows up instead of computing them. Fitting learns nothing.
///
/// Images are matched to rows by `datasetRows`; without it the images must be the whole
/// dataset, in order (their count must equal the number of rows). The pixels are not read.
public struct PrecomputedFeatures: FeatureExtractor, FittedFeatureExtractor {
  /// The features, one row per dataset image.
  public let matrix: Matrix
  /// The name, e.g. "features/resnet18".
  public let name: String

  /// Wraps `matrix`; throws on a NaN or infinity in it.
  ///
  /// - Complexity: O(rows × columns) for the check.
  public init(_ matrix: Matrix, name: String = "precomputed") throws {
    try matrix.requireFinite(operation: "PrecomputedFeatures", argument: name)
    self.matrix = matrix
    self.name = name
  }

  /// The number of columns.
  public var dimension: Int { matrix.columns }

  /// Itself, after checking that `datasetRows` (or the image count) fit the matrix.
  public func fitted(on images: GlyphImages, datasetRows: [Int]?) throws -> any FittedFeatureExtractor {
    _ = try rows(for: images, datasetRows: datasetRows)
    return self
  }

  /// Rows `datasetRows` of the matrix, or the whole matrix when it is nil and there is one
  /// image per row. Throws when the counts differ or a row is out of range.
  ///
  /// - Complexity: O(images.count × dimension).
  public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
    guard let rows = try rows(for: images, datasetRows: datasetRows) else { return matrix }
    return matrix.gathering(rows: rows)
  }

  /// The validated rows, or nil for "all, in order".
  func rows(for images: GlyphImages, datasetRows: [Int]?) throws -> [Int]? {
    guard let datasetRows else {
      guard images.count == matrix.rows else {
        throw GlyphLabError.shapeMismatch(
          operation: name,
          detail:
            "\(images.count) images without dataset rows, but \(matrix.rows) feature rows: pass datasetRows for a subset"
        )
      }
      return nil
    }
    guard datasetRows.count == images.count else {
      throw GlyphLabError.shapeMismatch(
        operation: name, detail: "\(datasetRows.count) dataset rows for \(images.count) images")
    }
    if let bad = datasetRows.first(where: { $0 < 0 || $0 >= matrix.rows }) {
      throw GlyphLabError.invalidArgument(
        operation: name, name: "datasetRows", value: "\(bad)", reason: "outside 0..<\(matrix.rows)")
    }
    return datasetRows
  }
}
