import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabRunLog
import GlyphLabStrategies

/// One feature set of one dataset, kept on disk: the rows a costly, stateless feature kind
/// (a trained encoder's embeddings) gives the dataset's glyphs, so later runs, later
/// processes and other experiments read them instead of computing them again.
///
/// A cache file is an HDF5 file with one float32 matrix `/features` (a block of rows of the
/// dataset, in dataset order) and root attributes that say what it holds (`docs/run-log.md`,
/// "Feature caches"):
/// - `format` ("glyphlab-feature-cache") and `version` (1);
/// - `dataset_sha256`: the dataset's content fingerprint (``InputFingerprint``), which
///   decides whether the cache still belongs to the dataset;
/// - `features`: the feature identity (the spec's `features.*` values and the content hash
///   of every file they depend on, e.g. the weights);
/// - `extractor`, `normalized`, `row_start`, `row_end` and `dataset_rows`.
///
/// A whole cache holds rows `0..<row_end`; a shard (`glyphlab features --shard i/n`) holds
/// one block and ``merge(shards:into:)`` joins the blocks. Files are written beside their
/// destination and renamed into place, so a reader never sees a partial file.
public struct FeatureCache: Sendable, Equatable {
  /// What the cached rows are: they match a request only if both fields are equal.
  public struct Identity: Sendable, Equatable {
    /// The dataset's content fingerprint (SHA-256, 64 hex digits).
    public var datasetSHA256: String
    /// The feature identity (canonical `features.*` values and input files' hashes).
    public var features: String

    /// An identity; see the properties.
    public init(datasetSHA256: String, features: String) {
      self.datasetSHA256 = datasetSHA256
      self.features = features
    }
  }

  /// The format name stored in `format`.
  public static let format = "glyphlab-feature-cache"
  /// The layout version stored in `version`.
  public static let version = 1

  /// The cache file.
  public var path: String
  /// What it holds.
  public var identity: Identity
  /// The extractor's name, e.g. "encoder-encoder+l2".
  public var extractor: String
  /// Whether the rows were L2-normalised.
  public var normalized: Bool
  /// The dataset rows held: `rowStart..<rowEnd`.
  public var rowStart: Int
  public var rowEnd: Int
  /// The dataset's glyph count when the cache was written.
  public var datasetRows: Int
  /// The feature length.
  public var dimension: Int

  /// The default cache file of a feature set: `<dataset folder>/.features/<dataset file
  /// name without extension>-<16 hex digits of the feature identity's SHA-256>.h5`.
  public static func defaultPath(dataset: String, features: String) -> String {
    let url = URL(fileURLWithPath: dataset)
    let digest = SHA256.hex(Array(SHA256.digest(Array(features.utf8)).prefix(8)))
    return url.deletingLastPathComponent().appendingPathComponent(".features")
      .appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(digest).h5").path
  }

  /// The file of shard `index` of `count` of the cache at `path`.
  public static func shardPath(_ path: String, index: Int, count: Int) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingPathExtension().path + ".shard-\(index)-of-\(count).h5"
  }

  /// The glyphs computed at a time: about 8,192, a multiple of `alignment` (the
  /// extractor's batch, ``FeatureKind/DiskCaching/rowAlignment``).
  public static func blockSize(alignedTo alignment: Int) -> Int {
    let a = max(1, alignment)
    return max(1, (8192 + a - 1) / a) * a
  }

  /// The cache at `path`, or nil if there is no file there.
  ///
  /// Throws ``DatasetError`` naming the file if it is not a feature cache (wrong format,
  /// version or layout).
  public static func open(_ path: String) throws -> FeatureCache? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    func bad(_ reason: String) -> DatasetError { DatasetError(path: path, reason: reason) }
    guard HDF5File.isHDF5(path: path) else { throw bad("is not an HDF5 file, so not a feature cache") }
    do {
      let file = try HDF5File(path: path, mode: .readOnly)
      defer { try? file.close() }
      guard file.hasAttribute("format"), try file.stringAttribute("format") == format else {
        throw bad("is not a GlyphLab feature cache (no format attribute '\(format)')")
      }
      let stored = try file.intAttribute("version")
      guard stored == version else {
        throw bad("is feature-cache version \(stored); this GlyphLab reads version \(version)")
      }
      let shape = try file.openDataset("features").shape()
      let start = try file.intAttribute("row_start")
      let end = try file.intAttribute("row_end")
      guard shape.count == 2, start >= 0, end >= start, shape[0] == end - start else {
        throw bad("/features has shape \(shape), which does not hold rows \(start)..<\(end)")
      }
      return FeatureCache(
        path: path,
        identity: Identity(
          datasetSHA256: try file.stringAttribute("dataset_sha256"), features: try file.stringAttribute("features")),
        extractor: try file.stringAttribute("extractor"), normalized: try file.intAttribute("normalized") != 0,
        rowStart: start, rowEnd: end, datasetRows: try file.intAttribute("dataset_rows"), dimension: shape[1])
    } catch let error as HDF5Error {
      throw bad("cannot be read as a feature cache: \(error)")
    }
  }

  /// Throws ``DatasetError`` naming the file and what differs if the cache does not hold
  /// `identity`'s features (e.g. the dataset was rebuilt since).
  public func require(_ identity: Identity, datasetPath: String) throws {
    if identity.datasetSHA256 != self.identity.datasetSHA256 {
      throw DatasetError(
        path: path,
        reason: "was computed from a dataset with fingerprint sha256 \(self.identity.datasetSHA256.prefix(16))…, "
          + "but \(datasetPath) now has \(identity.datasetSHA256.prefix(16))… (rebuilt or replaced); delete the "
          + "cache or compute it again (glyphlab features SPEC --overwrite)")
    }
    if identity.features != self.identity.features {
      throw DatasetError(
        path: path,
        reason: "holds other features (\(self.identity.features)) than asked for (\(identity.features))")
    }
  }

  /// Whether the cache holds rows `0..<rows` of `identity`'s features, normalised as asked.
  public func holds(_ identity: Identity, rows: Int, normalized: Bool) -> Bool {
    self.identity == identity && rowStart == 0 && rowEnd >= rows && self.normalized == normalized
  }

  /// Rows `0..<count` of the cache (which must start at row 0 and hold them), read in
  /// blocks.
  ///
  /// - Complexity: O(count · dimension) reading, memory the result.
  public func rows(_ count: Int) throws -> Matrix {
    guard rowStart == 0, count <= rowEnd else {
      throw DatasetError(path: path, reason: "holds rows \(rowStart)..<\(rowEnd), not 0..<\(count)")
    }
    do {
      let file = try HDF5File(path: path, mode: .readOnly)
      defer { try? file.close() }
      let values: [Float] = try file.openDataset("features").readRows(0..<count)
      return try Matrix(rows: count, columns: dimension, elements: values)
    } catch let error as HDF5Error {
      throw DatasetError(path: path, reason: "cannot read its features: \(error)")
    }
  }

  /// One cache file of a computation (``compute(outputs:reader:rows:blockSize:progress:produce:)``).
  public struct Output: Sendable {
    /// The file.
    public var path: String
    /// What it holds.
    public var identity: Identity
    /// The extractor's name, recorded.
    public var name: String
    /// Whether rows are L2-normalised before they are written.
    public var normalize: Bool

    /// An output; see the properties.
    public init(path: String, identity: Identity, name: String, normalize: Bool) {
      self.path = path
      self.identity = identity
      self.name = name
      self.normalize = normalize
    }
  }

  /// Computes rows `rows` of `reader`'s glyphs with `extractor` (normalising them when
  /// `normalize`) in blocks of `blockSize` glyphs, writing them to a cache at `path`.
  ///
  /// - Complexity: the extractor on every glyph of `rows`; memory one block of images and
  ///   features (the rows go to disk as they are made).
  @discardableResult
  public static func compute(
    to path: String, identity: Identity, reader: GlyphDatasetReader, rows: Range<Int>,
    extractor: any FittedFeatureExtractor, name: String, normalize: Bool, blockSize: Int = 8192,
    progress: (Int) -> Void = { _ in }
  ) throws -> FeatureCache {
    let caches = try compute(
      outputs: [Output(path: path, identity: identity, name: name, normalize: normalize)], reader: reader, rows: rows,
      blockSize: blockSize, progress: progress
    ) { images, datasetRows in [try extractor.features(of: images, datasetRows: datasetRows)] }
    return caches[0]
  }

  /// Computes several feature sets of rows `rows` in one pass (e.g. an encoder's trunk
  /// outputs and its embeddings, one forward pass for both): `produce` gets each block of
  /// images (and their dataset rows) and returns one matrix per output, in order. Each
  /// output is staged beside its file and renamed into place once all are written.
  ///
  /// - Complexity: `produce` on every glyph of `rows`; memory one block of images and of
  ///   each output.
  @discardableResult
  public static func compute(
    outputs: [Output], reader: GlyphDatasetReader, rows: Range<Int>, blockSize: Int = 8192,
    progress: (Int) -> Void = { _ in }, produce: (GlyphImages, [Int]) throws -> [Matrix]
  ) throws -> [FeatureCache] {
    guard let first = outputs.first else { return [] }
    guard rows.lowerBound >= 0, rows.upperBound <= reader.count, !rows.isEmpty else {
      throw DatasetError(path: first.path, reason: "cannot cache rows \(rows) of a dataset of \(reader.count) glyphs")
    }
    for output in outputs {
      try FileManager.default.createDirectory(
        atPath: URL(fileURLWithPath: output.path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    }
    let staged = try outputs.map { try HDF5StagedFile(creating: $0.path) }
    var datasets: [HDF5Dataset?] = Array(repeating: nil, count: outputs.count)
    var dimensions = Array(repeating: 0, count: outputs.count)
    do {
      let block = max(1, blockSize)
      var from = rows.lowerBound
      while from < rows.upperBound {
        let to = min(rows.upperBound, from + block)
        let matrices = try produce(try reader.images(from..<to), Array(from..<to))
        guard matrices.count == outputs.count else {
          throw DatasetError(
            path: first.path, reason: "\(matrices.count) feature sets made for \(outputs.count) caches")
        }
        for (index, output) in outputs.enumerated() {
          var x = matrices[index]
          if output.normalize { x.normalizeRows() }
          if datasets[index] == nil {
            dimensions[index] = x.columns
            datasets[index] = try staged[index].file.createDataset(
              "features", of: Float.self, shape: [rows.count, x.columns],
              chunks: [min(rows.count, max(1, 1 << 20 / max(1, x.columns * 4))), x.columns])
          }
          try x.withUnsafeBufferPointer { try datasets[index]?.writeRows($0, at: from - rows.lowerBound) }
        }
        progress(to - rows.lowerBound)
        from = to
      }
      datasets = []
      for (index, output) in outputs.enumerated() {
        try writeAttributes(
          staged[index].file, identity: output.identity, extractor: output.name, normalized: output.normalize,
          rows: rows, datasetRows: reader.count)
      }
      for file in staged { try file.commit() }
    } catch {
      datasets = []
      for file in staged { file.discard() }
      throw error
    }
    return outputs.indices.map { index in
      FeatureCache(
        path: outputs[index].path, identity: outputs[index].identity, extractor: outputs[index].name,
        normalized: outputs[index].normalize, rowStart: rows.lowerBound, rowEnd: rows.upperBound,
        datasetRows: reader.count, dimension: dimensions[index])
    }
  }

  /// Joins shard caches of one feature set, which must hold the same identity and together
  /// cover rows `0..<n` without gaps or overlaps, into one cache at `path`.
  ///
  /// - Complexity: O(rows · dimension), one shard in memory at a time.
  @discardableResult
  public static func merge(shards paths: [String], into path: String) throws -> FeatureCache {
    var shards: [FeatureCache] = []
    for shardPath in paths {
      guard let shard = try open(shardPath) else {
        throw DatasetError(path: shardPath, reason: "is missing (compute it with glyphlab features SPEC --shard i/n)")
      }
      shards.append(shard)
    }
    shards.sort { $0.rowStart < $1.rowStart }
    guard let first = shards.first, let last = shards.last else {
      throw DatasetError(path: path, reason: "no shards to merge")
    }
    var next = 0
    for shard in shards {
      if shard.identity != first.identity || shard.dimension != first.dimension
        || shard.normalized != first.normalized
      {
        throw DatasetError(
          path: shard.path, reason: "holds other features than \(first.path) (another dataset or spec)")
      }
      guard shard.rowStart == next else {
        throw DatasetError(
          path: shard.path,
          reason: "starts at row \(shard.rowStart), but the shards before it end at row \(next) "
            + (shard.rowStart > next ? "(a shard is missing)" : "(shards overlap)"))
      }
      next = shard.rowEnd
    }
    try HDF5File.writeAtomically(to: path) { file in
      let dataset = try file.createDataset(
        "features", of: Float.self, shape: [next, first.dimension],
        chunks: [min(next, max(1, 1 << 20 / max(1, first.dimension * 4))), first.dimension])
      for shard in shards {
        let source = try HDF5File(path: shard.path, mode: .readOnly)
        let values: [Float] = try source.openDataset("features").readRows(0..<(shard.rowEnd - shard.rowStart))
        try source.close()
        try values.withUnsafeBufferPointer { try dataset.writeRows($0, at: shard.rowStart) }
      }
      try writeAttributes(
        file, identity: first.identity, extractor: first.extractor, normalized: first.normalized, rows: 0..<next,
        datasetRows: last.datasetRows)
    }
    return FeatureCache(
      path: path, identity: first.identity, extractor: first.extractor, normalized: first.normalized, rowStart: 0,
      rowEnd: next, datasetRows: last.datasetRows, dimension: first.dimension)
  }

  private static func writeAttributes(
    _ file: HDF5File, identity: Identity, extractor: String, normalized: Bool, rows: Range<Int>, datasetRows: Int
  ) throws {
    try file.setAttribute("format", format)
    try file.setAttribute("version", version)
    try file.setAttribute("dataset_sha256", identity.datasetSHA256)
    try file.setAttribute("features", identity.features)
    try file.setAttribute("extractor", extractor)
    try file.setAttribute("normalized", normalized ? 1 : 0)
    try file.setAttribute("row_start", rows.lowerBound)
    try file.setAttribute("row_end", rows.upperBound)
    try file.setAttribute("dataset_rows", datasetRows)
  }
}
