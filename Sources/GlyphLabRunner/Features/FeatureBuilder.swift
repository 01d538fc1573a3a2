import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabRunLog
import GlyphLabStrategies
import GlyphLabTraining

/// Builds a dataset's features from a ``FeatureSpec``, the one feature path of every
/// experiment kind, caching them in ``ExperimentCache/shared`` under the dataset's identity
/// (absolute path, size and modification time), the glyph limit and the spec (plus the
/// seed when a fitted stage draws a sample), so a sweep over one dataset builds each
/// distinct feature set once.
///
/// Steps: open the dataset, take its first `limit` glyphs, build the kind's
/// ``FeatureExtractor`` (``FeatureKindRegistry``), follow it with PCA when asked
/// (``ComposedFeatures``), fit on all glyphs or a sample of `fit_sample` drawn with
/// `SeededGenerator(seed).derived("pca-sample")`, extract every glyph, then L2-normalise if
/// asked.
public enum FeatureBuilder {
  /// The features of the first `limit` glyphs (0 = all) of `datasetPath`.
  ///
  /// - Complexity: that of the extractor on every glyph, plus PCA's fit O(s·d² + d³).
  public static func features(
    datasetPath: String, limit: Int, spec: FeatureSpec, parameters: ResolvedParameters, seed: UInt64
  ) throws -> DatasetFeatures {
    let identity = try datasetIdentity(datasetPath)
    // The seed matters only when PCA is fitted on a sample; whether it is depends on the
    // glyph count, known once the file is open, so the key carries it whenever PCA is on.
    let fitsSample = spec.pca > 0
    let extra = FeatureKindRegistry.kind(named: spec.kind)?.cacheIdentity(parameters) ?? ""
    let key =
      "features|\(identity)|limit=\(limit)|\(spec.identity)|\(extra)" + (fitsSample ? "|seed=\(seed)" : "")
    return try ExperimentCache.shared.value(for: key, bytes: { $0.bytes }) {
      try build(datasetPath: datasetPath, limit: limit, spec: spec, parameters: parameters, seed: seed)
    }
  }

  /// Checks, without building anything, that the dataset opens and the feature kind can be
  /// built from it (for `--dry-run`); returns the number of glyphs that would be used.
  public static func check(
    datasetPath: String, limit: Int, spec: FeatureSpec, parameters: ResolvedParameters
  ) throws
    -> Int
  {
    let reader = try open(datasetPath, parameters: parameters)
    let kind = try FeatureKindRegistry.require(spec.kind, key: "features.kind", parameters: parameters)
    try kind.check(FeatureKind.Context(parameters: parameters, reader: reader, datasetPath: datasetPath))
    // A cache file named in the spec must belong to the dataset and spec, before any work.
    if let caching = kind.diskCaching, spec.pca == 0, case .file(let path) = spec.cache,
      let cache = try FeatureCache.open(path)
    {
      try cache.require(
        try cacheIdentity(datasetPath: datasetPath, spec: spec, inputs: try caching(parameters).files),
        datasetPath: datasetPath)
    }
    return limit > 0 ? min(limit, reader.count) : reader.count
  }

  static func open(_ path: String, parameters: ResolvedParameters) throws -> GlyphDatasetReader {
    guard FileManager.default.fileExists(atPath: path) else {
      throw parameters.error(
        "dataset.path", "\(path) does not exist (build or import it first; see its Makefile target)")
    }
    return try GlyphDatasetReader(path: path)
  }

  static func datasetIdentity(_ path: String) throws -> String {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(url.path)|\(size)|\(modified)"
  }

  static func build(
    datasetPath: String, limit: Int, spec: FeatureSpec, parameters: ResolvedParameters, seed: UInt64
  ) throws -> DatasetFeatures {
    let start = ContinuousClock.now
    let reader = try open(datasetPath, parameters: parameters)
    let n = limit > 0 ? min(limit, reader.count) : reader.count
    guard n > 0 else { throw parameters.error("dataset.path", "\(datasetPath) has no glyphs") }
    let kind = try FeatureKindRegistry.require(spec.kind, key: "features.kind", parameters: parameters)
    let context = FeatureKind.Context(parameters: parameters, reader: reader, datasetPath: datasetPath)
    try kind.check(context)
    let base = try kind.make(context)
    if let caching = kind.diskCaching, spec.pca == 0, spec.cache != .off,
      let cached = try cachedFeatures(
        reader: reader, rows: n, base: base, caching: try caching(parameters), datasetPath: datasetPath, spec: spec,
        parameters: parameters, start: start)
    {
      return cached
    }
    let images = kind.readsImages ? try reader.images(0..<n) : try placeholderImages(n)
    let rows = Array(0..<n)
    var generator = SeededGenerator(seed: seed).derived("pca-sample")
    let fitRows = n <= spec.fitSample ? rows : generator.sample(spec.fitSample, from: n).sorted()
    let fitImages = fitRows.count == n ? images : images.gathering(fitRows)
    var stages: [any FeatureStage] = []
    if spec.pca > 0 {
      let dimension = try base.fitted(on: fitImages, datasetRows: fitRows).dimension
      let components = min(spec.pca, dimension, fitRows.count)
      stages.append(PCAFeatures(components: components, whiten: spec.whiten))
    }
    let extractor = ComposedFeatures(base, stages: stages)
    let fitted: any FittedFeatureExtractor
    do {
      fitted = try extractor.fitted(on: fitImages, datasetRows: fitRows)
    } catch let error as GlyphLabError {
      throw parameters.error("features.kind", "cannot fit \(extractor.name) on \(datasetPath): \(error)")
    }
    var x = try fitted.features(of: images, datasetRows: rows)
    if spec.normalize { x.normalizeRows() }
    return try datasetFeatures(
      x, reader: reader, rows: n, extractor: extractor.name + (spec.normalize ? "+l2" : ""), start: start,
      fitted: fitted, normalized: spec.normalize)
  }

  /// The features of the first `n` glyphs through ``FeatureCache``: read from the cache
  /// when it holds them, otherwise computed block by block into it and read back. Returns
  /// nil, to compute in memory instead, when an `auto` cache cannot be written (a read-only
  /// folder). Memory: one block of images while computing, then the features.
  static func cachedFeatures(
    reader: GlyphDatasetReader, rows n: Int, base: any FeatureExtractor, caching: FeatureKind.DiskCaching,
    datasetPath: String,
    spec: FeatureSpec, parameters: ResolvedParameters, start: ContinuousClock.Instant
  ) throws -> DatasetFeatures? {
    let identity = try cacheIdentity(datasetPath: datasetPath, spec: spec, inputs: caching.files)
    let explicit: String?
    if case .file(let path) = spec.cache { explicit = path } else { explicit = nil }
    let path = explicit ?? FeatureCache.defaultPath(dataset: datasetPath, features: identity.features)
    let fitted: any FittedFeatureExtractor
    do {
      fitted = try base.fitted(on: try reader.images(0..<1), datasetRows: [0])
    } catch let error as GlyphLabError {
      throw parameters.error("features.kind", "cannot fit \(base.name) on \(datasetPath): \(error)")
    }
    let name = fitted.name + (spec.normalize ? "+l2" : "")
    var pair = false
    if let encoder = fitted as? FittedEncoderFeatures {
      pair = try cacheEncoderPair(
        reader: reader, rows: n,
        embeddings: FeatureCache.Output(
          path: path, identity: identity, name: name, normalize: spec.normalize),
        explicit: explicit != nil, spec: spec, caching: caching, encoder: encoder)
    }
    guard
      let (x, found) = try cachedRows(
        reader: reader, rows: n, path: path, explicit: explicit != nil, identity: identity, extractor: fitted,
        name: name, normalize: spec.normalize, alignment: caching.rowAlignment)
    else { return nil }
    var use = found
    if pair, case .read(let path) = use { use = .computed(path) }
    return try datasetFeatures(
      x, reader: reader, rows: n, extractor: name, start: start, fitted: fitted, normalized: spec.normalize, cache: use)
  }

  /// Rows `0..<n` of `extractor` on `reader`'s glyphs through the cache at `path`: read if
  /// it holds them, else computed into it block by block (blocks a multiple of `alignment`)
  /// and read back. An `explicit` cache (named in the spec) that holds other features is an
  /// error; an automatic one is replaced. Returns nil when an automatic cache's folder
  /// cannot be written.
  static func cachedRows(
    reader: GlyphDatasetReader, rows n: Int, path: String, explicit: Bool, identity: FeatureCache.Identity,
    extractor: any FittedFeatureExtractor, name: String, normalize: Bool, alignment: Int
  ) throws -> (Matrix, DatasetFeatures.CacheUse)? {
    guard
      let (cache, use) = try cachedFile(
        reader: reader, rows: n, path: path, explicit: explicit, identity: identity, extractor: extractor, name: name,
        normalize: normalize, alignment: alignment)
    else { return nil }
    return (try cache.rows(n), use)
  }

  /// The cache at `path` holding rows `0..<n`, as ``cachedRows`` finds or computes it,
  /// without reading its rows.
  static func cachedFile(
    reader: GlyphDatasetReader, rows n: Int, path: String, explicit: Bool, identity: FeatureCache.Identity,
    extractor: any FittedFeatureExtractor, name: String, normalize: Bool, alignment: Int
  ) throws -> (FeatureCache, DatasetFeatures.CacheUse)? {
    var cache = try FeatureCache.open(path)
    if let found = cache {
      if explicit { try found.require(identity, datasetPath: reader.path) }
      if !found.holds(identity, rows: n, normalized: normalize) { cache = nil }
    }
    var computed = false
    if cache == nil {
      do {
        cache = try FeatureCache.compute(
          to: path, identity: identity, reader: reader, rows: 0..<n, extractor: extractor, name: name,
          normalize: normalize, blockSize: FeatureCache.blockSize(alignedTo: alignment))
        computed = true
      } catch {
        // An automatic cache beside a read-only dataset is skipped, not an error.
        if !explicit && !FileManager.default.isWritableFile(atPath: Self.existingFolder(of: path)) { return nil }
        throw error
      }
    }
    guard let cache else { return nil }
    return (cache, computed ? .computed(path) : .read(path))
  }

  /// When neither the embeddings' cache nor the trunk's holds the first `n` rows, computes
  /// both in one forward pass (the trunk is the embedding layer's input, so embedding
  /// fine-tuning later reads it instead of running the network again). Returns whether it
  /// did; false, leaving the caches to ``cachedRows``, when either is there already, the
  /// encoder does not end in a linear layer, or an automatic cache's folder cannot be written.
  static func cacheEncoderPair(
    reader: GlyphDatasetReader, rows n: Int, embeddings: FeatureCache.Output, explicit: Bool, spec: FeatureSpec,
    caching: FeatureKind.DiskCaching, encoder: FittedEncoderFeatures
  ) throws -> Bool {
    func holds(_ path: String, _ identity: FeatureCache.Identity, normalized: Bool) throws -> Bool {
      try FeatureCache.open(path)?.holds(identity, rows: n, normalized: normalized) ?? false
    }
    let trunk = try trunkCache(datasetPath: reader.path, spec: spec, files: caching.files)
    guard encoder.trained.encoder.network.layers.last is Linear,
      try !holds(embeddings.path, embeddings.identity, normalized: embeddings.normalize),
      try !holds(trunk.path, trunk.identity, normalized: false)
    else { return false }
    if explicit, let found = try FeatureCache.open(embeddings.path) {
      try found.require(embeddings.identity, datasetPath: reader.path)
    }
    do {
      try computeEncoderPair(
        embeddings: embeddings, trunkPath: trunk.path, trunkIdentity: trunk.identity, encoder: encoder.trained,
        reader: reader, rows: 0..<n, alignment: caching.rowAlignment)
    } catch {
      if !explicit && !FileManager.default.isWritableFile(atPath: Self.existingFolder(of: trunk.path)) { return false }
      throw error
    }
    return true
  }

  /// Computes an encoder's embeddings (`embeddings`) and trunk outputs (to `trunkPath`)
  /// for `rows` in one forward pass, in blocks aligned to `alignment` (the batch), each
  /// value bit-identical to computing it alone.
  ///
  /// - Complexity: one forward pass per glyph; memory one block of images and outputs.
  @discardableResult
  static func computeEncoderPair(
    embeddings: FeatureCache.Output, trunkPath: String, trunkIdentity: FeatureCache.Identity, encoder: TrainedEncoder,
    reader: GlyphDatasetReader, rows: Range<Int>, alignment: Int, progress: (Int) -> Void = { _ in }
  ) throws -> [FeatureCache] {
    let extractor = EncoderTrunkExtractor(encoder, batchSize: alignment)
    return try FeatureCache.compute(
      outputs: [
        embeddings,
        FeatureCache.Output(path: trunkPath, identity: trunkIdentity, name: extractor.name, normalize: false),
      ], reader: reader, rows: rows, blockSize: FeatureCache.blockSize(alignedTo: alignment), progress: progress
    ) { images, _ in
      let both = try extractor.trunkAndEmbeddings(of: images)
      return [both.embeddings, both.trunk]
    }
  }

  /// A dataset's first `n` glyphs' labels, groups and metadata around features `x`.
  static func datasetFeatures(
    _ x: Matrix, reader: GlyphDatasetReader, rows n: Int, extractor: String, start: ContinuousClock.Instant,
    fitted: any FittedFeatureExtractor, normalized: Bool, cache: DatasetFeatures.CacheUse = .none
  ) throws -> DatasetFeatures {
    var groups: [String: DatasetFeatures.Group] = [:]
    for name in try reader.groupNames() {
      let group = try reader.group(name)
      groups[name] = DatasetFeatures.Group(values: Array(group.values.prefix(n)), names: group.names)
    }
    let elapsed = ContinuousClock.now - start
    return DatasetFeatures(
      features: x, labels: Array(try reader.labels().prefix(n)), classNames: try reader.classes(), groups: groups,
      datasetName: reader.metadata.name, source: reader.metadata.source, license: reader.metadata.license,
      extractor: extractor,
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      fitted: fitted, normalized: normalized, cache: cache)
  }

  /// The trunk outputs (the inputs of the last linear layer) of `encoder` for the first `n`
  /// glyphs, through an on-disk cache beside the embeddings' (identity: theirs with
  /// "|trunk"), or nil when `features.cache` is off or the folder cannot be written. Fine-
  /// tuning the embedding layer trains on these, so with the cache a later process reads
  /// them instead of running the network, and needs no glyph images in memory. They are
  /// streamed from the file at each adaptation, not kept in memory (4 GB for a million
  /// glyphs).
  public static func cachedTrunk(
    datasetPath: String, rows n: Int, spec: FeatureSpec, parameters: ResolvedParameters, encoder: TrainedEncoder,
    batchSize: Int
  ) throws -> FeatureCache.StreamedRows? {
    guard spec.pca == 0, spec.cache != .off,
      let caching = try FeatureKindRegistry.kind(named: spec.kind)?.diskCaching?(parameters)
    else { return nil }
    let (path, identity) = try trunkCache(datasetPath: datasetPath, spec: spec, files: caching.files)
    let reader = try open(datasetPath, parameters: parameters)
    let extractor = EncoderTrunkExtractor(encoder, batchSize: batchSize)
    guard
      let (cache, _) = try cachedFile(
        reader: reader, rows: n, path: path, explicit: false, identity: identity, extractor: extractor,
        name: extractor.name, normalize: false, alignment: batchSize)
    else { return nil }
    return try FeatureCache.StreamedRows(cache, rows: n)
  }

  /// Where the trunk outputs of `spec`'s encoder on `datasetPath` are cached, and their
  /// identity: the embeddings' with "|trunk", beside them (`<cache>-trunk.h5` for a cache
  /// file named in the spec).
  static func trunkCache(
    datasetPath: String, spec: FeatureSpec, files: [String]
  ) throws -> (path: String, identity: FeatureCache.Identity) {
    var identity = try cacheIdentity(datasetPath: datasetPath, spec: spec, inputs: files)
    identity.features += "|trunk"
    if case .file(let embeddings) = spec.cache {
      return (URL(fileURLWithPath: embeddings).deletingPathExtension().path + "-trunk.h5", identity)
    }
    return (FeatureCache.defaultPath(dataset: datasetPath, features: identity.features), identity)
  }

  /// The identity a feature cache of `spec` on `datasetPath` must have: the dataset's
  /// content fingerprint, the spec's `features.*` values and the content hash of each of
  /// `inputs` (fingerprints are computed once per file version and process).
  static func cacheIdentity(datasetPath: String, spec: FeatureSpec, inputs: [String]) throws -> FeatureCache.Identity {
    func sha256(_ path: String) throws -> String {
      try ExperimentCache.shared.value(for: "sha256|\(try datasetIdentity(path))", bytes: { _ in 64 }) {
        try InputFingerprint.compute(path: path).sha256
      }
    }
    var features = spec.identity
    for input in inputs { features += "|\(URL(fileURLWithPath: input).lastPathComponent)=sha256:\(try sha256(input))" }
    return FeatureCache.Identity(datasetSHA256: try sha256(datasetPath), features: features)
  }

  /// The nearest folder of `path` that exists.
  static func existingFolder(of path: String) -> String {
    var url = URL(fileURLWithPath: path).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.path), url.path != "/" { url.deleteLastPathComponent() }
    return url.path
  }

  /// 1×1 blank images standing in for glyphs a kind does not read.
  static func placeholderImages(_ n: Int) throws -> GlyphImages {
    try GlyphImages(count: n, height: 1, width: 1, pixels: [UInt8](repeating: 0, count: n))
  }
}
