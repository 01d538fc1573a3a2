import GlyphLabCore
import GlyphLabHDF5

/// Where each part of a dataset lives in the HDF5 file, and the storage choices the writer
/// makes. Shared by the writer, the reader and the importers that change a file.
enum DatasetLayout {
  static let images = "images"
  static let labels = "labels"
  static let classes = "classes"
  static let groups = "groups"
  static let features = "features"
  static let pages = "pages"
  static let pageImages = "pages/images"
  static let pageBoxes = "pages/boxes"
  static let boxPage = "pages/box_page"
  static let boxLabel = "pages/box_label"
  /// Format 1.1, optional: each page's real height and width, int32 [P, 2].
  static let pageSizes = "pages/sizes"
  /// Format 1.1, optional: each page's name, string [P].
  static let pageNames = "pages/names"
  /// Format 1.1, optional: each page's book, int32 [P], an index into its `values` attribute.
  static let pageBook = "pages/book"
  /// The string-array attribute of each `/groups/<name>` dataset naming its values.
  static let groupValuesAttribute = "values"

  /// Deflate level for images and label-like arrays: a good trade of speed for size.
  static let deflateLevel = 4
  /// Elements per chunk of the 1-D int32 arrays (64 KiB).
  static let vectorChunk = 16_384
  /// The largest image chunk, in bytes; ``GlyphDatasetWriter`` lowers images per chunk to
  /// stay within it.
  static let maximumChunkBytes = 16 << 20

  /// Throws unless `name` can be a group or feature name: non-empty, no "/", not "." or "..".
  static func validateName(_ name: String, kind: String, path: String) throws {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw DatasetError(path: path, reason: "invalid \(kind) name \"\(name)\": must be non-empty without \"/\"")
    }
  }

  /// Throws unless `matrix` can be stored as features `name`: a valid name, at least one
  /// column, usable values (``checkFeatureValues(_:what:path:)``).
  static func validateFeatures(_ matrix: Matrix, name: String, path: String) throws {
    try validateName(name, kind: "feature", path: path)
    guard matrix.columns > 0 else {
      throw DatasetError(path: path, reason: "features \(name) have 0 columns")
    }
    try checkFeatureValues(matrix, what: "features \(name)", path: path)
  }

  /// Throws, naming the row and column, unless every value is finite and every row's squared
  /// norm fits in float32: a row beyond that (|x| ≳ 1.8e19) would have an infinite norm, so
  /// normalising would silently zero it and every distance to it would be infinite.
  ///
  /// - Complexity: O(rows × columns).
  static func checkFeatureValues(_ matrix: Matrix, what: String, path: String) throws {
    let limit = Double(Float.greatestFiniteMagnitude)
    try matrix.withUnsafeBufferPointer { values in
      for row in 0..<matrix.rows {
        var squares = 0.0
        for column in 0..<matrix.columns {
          let value = values[row * matrix.columns + column]
          guard value.isFinite else {
            throw DatasetError(path: path, reason: "\(what) has \(value) at row \(row), column \(column)")
          }
          squares += Double(value) * Double(value)
        }
        guard squares <= limit else {
          throw DatasetError(
            path: path,
            reason: "\(what) row \(row) has squared norm \(squares), beyond float32's range (values up to about "
              + "1.8e19 in magnitude fit): rescale the features before importing them")
        }
      }
    }
  }

  /// Writes `matrix` as float32 `/features/<name>` [rows, columns] (checked first with
  /// ``validateFeatures(_:name:path:)``).
  static func writeFeatures(_ matrix: Matrix, name: String, into file: HDF5File) throws {
    let dataset = try file.createDataset(
      "\(features)/\(name)", of: Float.self, shape: [matrix.rows, matrix.columns])
    try matrix.withUnsafeBufferPointer { try dataset.writeRows($0, at: 0) }
  }

  /// Creates a 1-D int32 dataset holding `values`, chunked, compressed and growable.
  static func writeVector(_ values: [Int32], name: String, into file: HDF5File) throws {
    let dataset = try file.createDataset(
      name, of: Int32.self, shape: [0], maxShape: [nil], chunks: [vectorChunk], compression: deflateLevel)
    try dataset.append(values)
  }
}
