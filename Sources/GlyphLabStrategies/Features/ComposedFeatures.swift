import GlyphLabCore

/// An image extractor followed by learned feature stages, e.g. HOG → PCA: each stage is
/// fitted on the previous stage's output for the fitting images.
///
/// Extraction runs in batches of ``batchSize`` images through the whole pipeline, so the
/// intermediate features (HOG's are long) never exist for all images at once.
public struct ComposedFeatures: FeatureExtractor {
  /// The first stage, from images.
  public var base: any FeatureExtractor
  /// The later stages, in order.
  public var stages: [any FeatureStage]
  /// Images per batch when extracting (default 8,192); at least 1.
  public var batchSize: Int

  /// `base` followed by `stages`.
  public init(_ base: any FeatureExtractor, then stages: any FeatureStage..., batchSize: Int = 8192) {
    self.base = base
    self.stages = stages
    self.batchSize = batchSize
  }

  /// `base` followed by `stages`.
  public init(_ base: any FeatureExtractor, stages: [any FeatureStage], batchSize: Int = 8192) {
    self.base = base
    self.stages = stages
    self.batchSize = batchSize
  }

  /// The stage names joined by "+", e.g. "hog-o9-c8-b3+pca64".
  public var name: String { ([base.name] + stages.map(\.name)).joined(separator: "+") }

  /// Fits the base on `images`, then each stage on the previous one's features of `images`.
  ///
  /// - Complexity: the base's fit and extraction on `images`, plus each stage's fit.
  public func fitted(on images: GlyphImages, datasetRows: [Int]?) throws -> any FittedFeatureExtractor {
    guard batchSize >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "ComposedFeatures", name: "batchSize", value: "\(batchSize)", reason: "must be at least 1")
    }
    let fittedBase = try base.fitted(on: images, datasetRows: datasetRows)
    var fittedStages = [any FittedFeatureStage]()
    if !stages.isEmpty {
      var x = try fittedBase.features(of: images, datasetRows: datasetRows)
      for (k, stage) in stages.enumerated() {
        let fittedStage = try stage.fitted(on: x)
        fittedStages.append(fittedStage)
        if k + 1 < stages.count { x = try fittedStage.transform(x) }
      }
    }
    return Fitted(name: name, base: fittedBase, stages: fittedStages, batchSize: batchSize)
  }

  /// A fitted ``ComposedFeatures``.
  public struct Fitted: FittedFeatureExtractor {
    /// The composition's name.
    public let name: String
    /// The fitted first stage.
    public let base: any FittedFeatureExtractor
    /// The fitted later stages.
    public let stages: [any FittedFeatureStage]
    /// Images per batch.
    public let batchSize: Int

    /// The last stage's output length.
    public var dimension: Int { stages.last?.outputDimension ?? base.dimension }

    /// The features of `images`, batch by batch through every stage.
    public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
      if let datasetRows, datasetRows.count != images.count {
        throw GlyphLabError.shapeMismatch(
          operation: name, detail: "\(datasetRows.count) dataset rows for \(images.count) images")
      }
      if images.count <= batchSize { return try batch(images, datasetRows: datasetRows) }
      let d = dimension
      var out = Matrix(rows: images.count, columns: d)
      var start = 0
      while start < images.count {
        let end = min(images.count, start + batchSize)
        let part = try batch(images.slice(start..<end), datasetRows: datasetRows.map { Array($0[start..<end]) })
        out.withUnsafeMutableBufferPointer { o in
          part.withUnsafeBufferPointer { p in
            (o.baseAddress! + start * d).update(from: p.baseAddress!, count: p.count)
          }
        }
        start = end
      }
      return out
    }

    func batch(_ images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
      var x = try base.features(of: images, datasetRows: datasetRows)
      for stage in stages { x = try stage.transform(x) }
      guard x.columns == dimension, x.rows == images.count else {
        throw GlyphLabError.shapeMismatch(
          operation: name, detail: "a stage produced \(x.rows)×\(x.columns), expected \(images.count)×\(dimension)")
      }
      return x
    }
  }
}
