import Foundation
import GlyphLabCore
import GlyphLabFiles
import GlyphLabHDF5

/// Attaches an embedding matrix from an outside model to a dataset, as `/features/<name>`.
///
/// The matrix comes from a NumPy `.npy` file (float32 or float64, C order) or from a
/// numeric dataset inside an HDF5 file. Its row count must equal the dataset's image count
/// (row i belongs to image i). The dataset file is changed atomically: a copy gets the
/// features and replaces the original, so any failure leaves the original as it was. A link
/// to the dataset is followed: the file it points at is replaced, and the link kept.
public struct EmbeddingImporter: Sendable {
  /// The `.npy` or HDF5 file holding the matrix.
  public var sourcePath: String
  /// The dataset inside an HDF5 source (e.g. "/embeddings"); required for HDF5 sources,
  /// ignored for `.npy`.
  public var hdf5Dataset: String?

  /// An importer of the matrix in `sourcePath` (and `hdf5Dataset` inside it, for HDF5).
  public init(sourcePath: String, hdf5Dataset: String? = nil) {
    self.sourcePath = sourcePath
    self.hdf5Dataset = hdf5Dataset
  }

  /// Reads the matrix: [N, D] (a 1-D source reads as N×1), converted to float32.
  public func loadMatrix() throws -> Matrix {
    if (sourcePath as NSString).pathExtension.lowercased() == "npy" {
      return try NPYReader.readMatrix(path: sourcePath)
    }
    guard let name = hdf5Dataset else {
      throw DatasetError(
        path: sourcePath, reason: "name the dataset inside this HDF5 file that holds the matrix (or use a .npy file)")
    }
    return try DatasetError.wrapping(path: sourcePath, "cannot read \(name)") {
      let file = try HDF5File(path: sourcePath, mode: .readOnly)
      guard file.exists(name) else { throw DatasetError(path: sourcePath, reason: "has no dataset \(name)") }
      let dataset = try file.openDataset(name)
      let kind = try dataset.elementType().kind
      guard kind == .float || kind == .integer else {
        throw DatasetError(path: sourcePath, reason: "\(name) holds \(kind.rawValue) values, not numbers")
      }
      let shape = try dataset.shape()
      guard shape.count == 1 || shape.count == 2 else {
        throw DatasetError(path: sourcePath, reason: "\(name) has shape \(shape); expected a matrix [N, D]")
      }
      return try Matrix(
        rows: shape[0], columns: shape.count == 2 ? shape[1] : 1, elements: try dataset.read(as: Float.self))
    }
  }

  /// Adds the matrix to the dataset at `datasetPath` as features `name`.
  ///
  /// - Parameter replace: whether existing features of that name are replaced (their old
  ///   space is not reclaimed); otherwise they are an error. Default `false`.
  /// - Returns: the matrix shape.
  @discardableResult
  public func attach(to datasetPath: String, name: String, replace: Bool = false) throws -> (rows: Int, columns: Int) {
    let matrix = try loadMatrix()
    try DatasetLayout.validateFeatures(matrix, name: name, path: sourcePath)
    do {
      let reader = try GlyphDatasetReader(path: datasetPath)
      guard matrix.rows == reader.count else {
        throw DatasetError(
          path: sourcePath,
          reason: "has \(matrix.rows) rows, but \(datasetPath) has \(reader.count) images (one row per image)")
      }
      if try reader.featureNames().contains(name), !replace {
        throw DatasetError(
          path: datasetPath, reason: "already has features \(name); replace them explicitly (glyphlab: --overwrite)")
      }
    }
    try DatasetError.wrapping(path: datasetPath, "cannot add features \(name)") {
      try HDF5File.updateAtomically(at: RealPath.resolve(datasetPath)) { file in
        try file.remove("\(DatasetLayout.features)/\(name)")
        try DatasetLayout.writeFeatures(matrix, name: name, into: file)
      }
    }
    return (matrix.rows, matrix.columns)
  }
}
