import Foundation
import GlyphLabCore
import GlyphLabStrategies

/// A trained encoder's L2-normalised embeddings as features (`features.kind: encoder`).
///
/// Fitting learns nothing: it reads the weights file and checks that the images are the
/// size the encoder takes (the stored size of its training glyphs), so a wrong file or size
/// fails before any work with an error naming the file. The fitted extractor
/// (``FittedEncoderFeatures``) embeds in batches of ``batchSize`` images: memory is one batch
/// of activations besides the output, the network's kernels use every BLAS thread, and the
/// result does not depend on the thread count.
public struct EncoderFeatures: FeatureExtractor {
  /// The weights file.
  public var path: String
  /// Images per forward pass (default 256).
  public var batchSize: Int
  /// The file's trained weights (default), or fresh ones from ``initSeed``.
  public var initialization: EncoderInitialization
  /// The seed of fresh weights (``EncoderInitialization/random``).
  public var initSeed: UInt64

  /// Features from the encoder at `path`.
  public init(
    path: String, batchSize: Int = 256, initialization: EncoderInitialization = .pretrained, initSeed: UInt64 = 1
  ) {
    self.path = path
    self.batchSize = batchSize
    self.initialization = initialization
    self.initSeed = initSeed
  }

  /// "encoder-<file name without extension>", with "-random<seed>" for fresh weights.
  public var name: String {
    "encoder-" + URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      + (initialization == .random ? "-random\(initSeed)" : "")
  }

  /// Loads the encoder and checks `images` are the size it takes.
  public func fitted(on images: GlyphImages, datasetRows: [Int]?) throws -> any FittedFeatureExtractor {
    let fitted = try FittedEncoderFeatures(
      trained: try TrainedEncoder.load(path, initialization: initialization, seed: initSeed), batchSize: batchSize,
      name: name)
    try fitted.trained.checkImageSize(height: images.height, width: images.width, source: "the images to embed")
    return fitted
  }
}
