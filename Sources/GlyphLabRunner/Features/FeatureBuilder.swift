import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabStrategies

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
    var groups: [String: DatasetFeatures.Group] = [:]
    for name in try reader.groupNames() {
      let group = try reader.group(name)
      groups[name] = DatasetFeatures.Group(values: Array(group.values.prefix(n)), names: group.names)
    }
    let elapsed = ContinuousClock.now - start
    return DatasetFeatures(
      features: x, labels: Array(try reader.labels().prefix(n)), classNames: try reader.classes(), groups: groups,
      datasetName: reader.metadata.name, source: reader.metadata.source, license: reader.metadata.license,
      extractor: extractor.name + (spec.normalize ? "+l2" : ""),
      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
      fitted: fitted, normalized: spec.normalize)
  }

  /// 1×1 blank images standing in for glyphs a kind does not read.
  static func placeholderImages(_ n: Int) throws -> GlyphImages {
    try GlyphImages(count: n, height: 1, width: 1, pixels: [UInt8](repeating: 0, count: n))
  }
}
