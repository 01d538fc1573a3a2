import GlyphLabCore
import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabTraining

extension FeatureCache {
  /// Rows `0..<count` of a cache read a block at a time on every pass, none of them kept in
  /// memory: the trunk outputs that embedding fine-tuning reads at each adaptation.
  ///
  /// Each pass opens the file again and checks it still holds the same features, so a cache
  /// rewritten during a run is an error naming the file, not silently other numbers.
  public struct StreamedRows: TrunkRowSource {
    /// The cache, as opened when the stream was made.
    public let cache: FeatureCache
    public let rows: Int
    public var columns: Int { cache.dimension }
    public var residentBytes: Int { 0 }

    /// Rows `0..<rows` of `cache`; throws naming the file unless it holds them from row 0.
    public init(_ cache: FeatureCache, rows: Int) throws {
      guard cache.rowStart == 0, rows >= 0, rows <= cache.rowEnd else {
        throw DatasetError(path: cache.path, reason: "holds rows \(cache.rowStart)..<\(cache.rowEnd), not 0..<\(rows)")
      }
      self.cache = cache
      self.rows = rows
    }

    /// - Complexity: O(rows × columns) reading; memory one block of `blockRows` rows.
    public func forEachBlock(rows blockRows: Int, _ body: (Range<Int>, Matrix) throws -> Void) throws {
      guard let now = try FeatureCache.open(cache.path),
        now.holds(cache.identity, rows: rows, normalized: cache.normalized), now.dimension == cache.dimension
      else {
        throw DatasetError(
          path: cache.path, reason: "changed or was removed during the run (it held \(cache.identity.features))")
      }
      let file: HDF5File
      let dataset: HDF5Dataset
      do {
        file = try HDF5File(path: cache.path, mode: .readOnly)
        dataset = try file.openDataset("features")
      } catch let error as HDF5Error {
        throw DatasetError(path: cache.path, reason: "cannot read its features: \(error)")
      }
      defer { try? file.close() }
      var from = 0
      while from < rows {
        let to = min(rows, from + max(1, blockRows))
        let values: [Float]
        do {
          values = try dataset.readRows(from..<to)
        } catch let error as HDF5Error {
          throw DatasetError(path: cache.path, reason: "cannot read rows \(from)..<\(to) of its features: \(error)")
        }
        try body(from..<to, try Matrix(rows: to - from, columns: columns, elements: values))
        from = to
      }
    }
  }
}
