import Foundation
import GlyphLabDatasets
import GlyphLabStrategies
import GlyphLabTraining

/// The on-disk feature caches an experiment's runs read (``FeatureCache``), computed ahead of
/// the runs by `glyphlab features SPEC`, whole or one shard at a time (`--shard i/n`, e.g. a
/// Slurm array job) and then merged (`--merge`).
///
/// A job is one feature set of one dataset: the configurations of the spec that share a
/// dataset and `features.*` values share it; the rows are the most any of them uses
/// (`dataset.limit`), so every prefix is served from one file.
public struct FeatureCacheJob: Sendable {
  /// The dataset file.
  public var datasetPath: String
  /// The glyphs cached: rows `0..<rows` of the dataset.
  public var rows: Int
  /// The cache file.
  public var path: String
  /// What it holds.
  public var identity: FeatureCache.Identity
  /// The parameters of one configuration that uses it (for the feature kind's factory).
  var parameters: ResolvedParameters
  var spec: FeatureSpec
  /// The extractor's batch, which blocks and shard boundaries are multiples of.
  var alignment: Int
  /// What is cached: the kind's features, or (for runs that fine-tune the embedding layer,
  /// `adapt.method: fine-tune-embedding`) the encoder trunk's outputs it trains on.
  public var content: Content

  /// What a job caches.
  public enum Content: String, Sendable {
    case features
    case trunk
  }

  /// The caches `runs` read: one job per distinct cache file, in the order the spec first
  /// uses them. Configurations whose features are not cached on disk (a kind without
  /// ``FeatureKind/diskCaching``, PCA, or `features.cache: off`) need none.
  public static func jobs(for runs: RunPlan) throws -> [FeatureCacheJob] {
    var jobs: [FeatureCacheJob] = []
    for parameters in runs.configurationParameters {
      guard parameters.values["dataset.path"] != nil, parameters.values["features.kind"] != nil else { continue }
      let spec = try FeatureSpec(parameters: parameters)
      guard let kind = FeatureKindRegistry.kind(named: spec.kind), let makeCaching = kind.diskCaching,
        spec.pca == 0, spec.cache != .off
      else { continue }
      let caching = try makeCaching(parameters)
      let datasetPath = try parameters.string("dataset.path")
      let reader = try FeatureBuilder.open(datasetPath, parameters: parameters)
      try kind.check(FeatureKind.Context(parameters: parameters, reader: reader, datasetPath: datasetPath))
      let limit = try parameters.int("dataset.limit")
      let rows = limit > 0 ? min(limit, reader.count) : reader.count
      let identity = try FeatureBuilder.cacheIdentity(
        datasetPath: datasetPath, spec: spec, inputs: caching.files)
      let path: String
      if case .file(let explicit) = spec.cache {
        path = explicit
      } else {
        path = FeatureCache.defaultPath(dataset: datasetPath, features: identity.features)
      }
      var wanted = [
        FeatureCacheJob(
          datasetPath: datasetPath, rows: rows, path: path, identity: identity, parameters: parameters, spec: spec,
          alignment: caching.rowAlignment, content: .features)
      ]
      if (try? parameters.choice("adapt.method", as: AdaptSpec.Method.self)) == .fineTuneEmbedding {
        let trunk = try FeatureBuilder.trunkCache(datasetPath: datasetPath, spec: spec, files: caching.files)
        wanted.append(
          FeatureCacheJob(
            datasetPath: datasetPath, rows: rows, path: trunk.path, identity: trunk.identity, parameters: parameters,
            spec: spec, alignment: caching.rowAlignment, content: .trunk))
      }
      for job in wanted {
        if let index = jobs.firstIndex(where: { $0.path == job.path }) {
          jobs[index].rows = max(jobs[index].rows, job.rows)
        } else {
          jobs.append(job)
        }
      }
    }
    return jobs
  }

  /// The cache already there, if it holds this job's rows and identity. Throws if the
  /// file there is not a feature cache, or (for an explicit `features.cache` file) holds
  /// other features.
  public func existing() throws -> FeatureCache? {
    guard let cache = try FeatureCache.open(path) else { return nil }
    if case .file = spec.cache { try cache.require(identity, datasetPath: datasetPath) }
    return cache.holds(identity, rows: rows, normalized: cache.normalized) ? cache : nil
  }

  /// The rows of shard `shard` (about `index · rows / count ..< (index + 1) · rows / count`,
  /// with inner boundaries rounded down to a multiple of the extractor's batch, so each
  /// glyph runs in the batch it runs in when computed whole), or all rows.
  public func rows(of shard: RunShard?) -> Range<Int> {
    guard let shard else { return 0..<rows }
    func boundary(_ i: Int) -> Int { i == shard.count ? rows : i * rows / shard.count / alignment * alignment }
    return boundary(shard.index)..<boundary(shard.index + 1)
  }

  /// The file shard `shard` is written to (the cache file itself without a shard).
  public func path(of shard: RunShard?) -> String {
    shard.map { FeatureCache.shardPath(path, index: $0.index, count: $0.count) } ?? path
  }

  /// Computes this job's rows (or one shard's) into its file, in blocks; `progress` gets
  /// the rows done so far.
  ///
  /// - Complexity: the feature kind on every row; memory one block of images and features.
  @discardableResult
  public func compute(shard: RunShard? = nil, progress: (Int) -> Void = { _ in }) throws -> FeatureCache {
    let reader = try FeatureBuilder.open(datasetPath, parameters: parameters)
    let kind = try FeatureKindRegistry.require(spec.kind, key: "features.kind", parameters: parameters)
    let fitted: any FittedFeatureExtractor
    switch content {
    case .features:
      let base = try kind.make(FeatureKind.Context(parameters: parameters, reader: reader, datasetPath: datasetPath))
      fitted = try base.fitted(on: try reader.images(0..<1), datasetRows: [0])
    case .trunk:
      fitted = EncoderTrunkExtractor(try FeatureKind.loadEncoder(parameters), batchSize: alignment)
    }
    let range = rows(of: shard)
    guard !range.isEmpty else {
      throw DatasetError(path: datasetPath, reason: "shard \(shard.map(\.description) ?? "") of \(rows) rows is empty")
    }
    return try FeatureCache.compute(
      to: path(of: shard), identity: identity, reader: reader, rows: range, extractor: fitted,
      name: fitted.name + (content == .features && spec.normalize ? "+l2" : ""),
      normalize: content == .features && spec.normalize,
      blockSize: FeatureCache.blockSize(alignedTo: alignment), progress: progress)
  }

  /// Computes an encoder's embeddings (`features`) and its trunk outputs (`trunk`, the same
  /// dataset, rows and encoder) in one forward pass, bit-identical to computing each alone.
  @discardableResult
  public static func computePair(
    features: FeatureCacheJob, trunk: FeatureCacheJob, shard: RunShard? = nil, progress: (Int) -> Void = { _ in }
  ) throws -> [FeatureCache] {
    guard features.content == .features, trunk.content == .trunk, features.datasetPath == trunk.datasetPath,
      features.rows == trunk.rows, features.alignment == trunk.alignment
    else {
      throw DatasetError(path: features.path, reason: "and \(trunk.path) are not one encoder's two caches")
    }
    let reader = try FeatureBuilder.open(features.datasetPath, parameters: features.parameters)
    let encoder = try FeatureKind.loadEncoder(features.parameters)
    return try FeatureBuilder.computeEncoderPair(
      embeddings: FeatureCache.Output(
        path: features.path(of: shard), identity: features.identity,
        name: EncoderFeatures(
          path: encoder.path, batchSize: features.alignment,
          initialization: try features.parameters.choice("features.initialization", as: EncoderInitialization.self),
          initSeed: UInt64(try features.parameters.int("features.init_seed"))
        ).name + (features.spec.normalize ? "+l2" : ""), normalize: features.spec.normalize),
      trunkPath: trunk.path(of: shard), trunkIdentity: trunk.identity, encoder: encoder, reader: reader,
      rows: features.rows(of: shard), alignment: features.alignment, progress: progress)
  }

  /// Merges the `count` shard files of this job into its cache file and deletes them.
  /// Throws, naming the file, if one is missing or they do not fit together.
  @discardableResult
  public func merge(count: Int) throws -> FeatureCache {
    // Shards whose rows are empty (more shards than batches) wrote no file.
    let shards = try (0..<count).compactMap { index -> String? in
      rows(of: try RunShard(index: index, count: count)).isEmpty
        ? nil : FeatureCache.shardPath(path, index: index, count: count)
    }
    if let last = shards.last, let shard = try FeatureCache.open(last), shard.rowEnd != rows {
      throw DatasetError(path: last, reason: "ends at row \(shard.rowEnd), but the spec uses \(rows) rows")
    }
    let merged = try FeatureCache.merge(shards: shards, into: path)
    for shard in shards { try? FileManager.default.removeItem(atPath: shard) }
    return merged
  }

  /// The shard counts with at least one shard file of this job on disk (for `--merge`).
  public func shardCounts() -> [Int] {
    let url = URL(fileURLWithPath: path)
    let stem = url.deletingPathExtension().lastPathComponent + ".shard-"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
    var counts = Set<Int>()
    for name in names where name.hasPrefix(stem) && name.hasSuffix(".h5") {
      let parts = name.dropFirst(stem.count).dropLast(3).split(separator: "-")
      if parts.count == 3, parts[1] == "of", let count = Int(parts[2]) { counts.insert(count) }
    }
    return counts.sorted()
  }
}
