import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabStrategies

/// A loaded encoder applied as a feature extractor: images → resized network input →
/// embedding → unit length. See ``EncoderFeatures``.
public final class FittedEncoderFeatures: FittedFeatureExtractor, @unchecked Sendable {
  /// The extractor's name.
  public let name: String
  /// The encoder and its record.
  public let trained: TrainedEncoder
  /// Images per forward pass.
  public let batchSize: Int
  private let preprocessor: BatchPreprocessor
  /// The network's layers keep per-call state, so one embedding runs at a time.
  private let lock = NSLock()

  /// Loads the encoder at `path`; throws ``EncoderError/weightsFile(path:reason:)`` naming
  /// the file if it cannot be used.
  public convenience init(path: String, batchSize: Int = 256, name: String? = nil) throws {
    guard batchSize > 0 else {
      throw EncoderError.invalidArgument(name: "batchSize", value: "\(batchSize)", reason: "must be positive")
    }
    try self.init(
      trained: try TrainedEncoder.load(path), batchSize: batchSize,
      name: name ?? "encoder-" + URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
  }

  /// Features from an encoder already in memory (e.g. one being fine-tuned); the extractor
  /// uses it, so it must not be trained while the extractor embeds.
  public init(trained: TrainedEncoder, batchSize: Int = 256, name: String) throws {
    guard batchSize > 0 else {
      throw EncoderError.invalidArgument(name: "batchSize", value: "\(batchSize)", reason: "must be positive")
    }
    self.trained = trained
    self.batchSize = batchSize
    self.name = name
    let path = trained.path
    let architecture = trained.encoder.architecture
    guard architecture.inputChannels == 1, architecture.inputHeight == architecture.inputWidth else {
      throw EncoderError.weightsFile(
        path: path,
        reason: "takes \(architecture.inputChannels)-channel \(architecture.inputHeight)×"
          + "\(architecture.inputWidth) inputs; glyph features need one channel and a square input")
    }
    preprocessor = try BatchPreprocessor(
      augmentation: GlyphAugmentation(.none), height: trained.imageHeight, width: trained.imageWidth,
      inputSize: architecture.inputHeight, seed: 0)
  }

  /// The embedding length.
  public var dimension: Int { trained.encoder.embeddingDimension }

  /// The unit-length embeddings of `images`, one row per image; throws
  /// ``EncoderError/inputSize(encoder:encoderHeight:encoderWidth:dataset:height:width:)`` if they
  /// are not the size the encoder takes.
  ///
  /// - Complexity: the network's forward pass per image; memory one batch besides the output.
  public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
    try trained.checkImageSize(height: images.height, width: images.width, source: "the images to embed")
    var out = Matrix(rows: images.count, columns: dimension)
    var start = 0
    while start < images.count {
      let end = min(images.count, start + batchSize)
      let batch = try embed(images.slice(start..<end))
      out.withUnsafeMutableBufferPointer { target in
        for (i, v) in batch.enumerated() { target[start * dimension + i] = v }
      }
      start = end
    }
    return out
  }

  /// The unit-length embeddings of images `rows` (default all) of `dataset`, read a batch at
  /// a time, so memory stays at one batch besides the output. Throws naming the dataset and
  /// the encoder if the dataset's images are not the size the encoder takes.
  public func features(of dataset: GlyphDatasetReader, rows: Range<Int>? = nil) throws -> Matrix {
    try trained.checkImageSize(height: dataset.height, width: dataset.width, source: dataset.path)
    let range = rows ?? 0..<dataset.count
    var out = Matrix(rows: range.count, columns: dimension)
    var start = range.lowerBound
    while start < range.upperBound {
      let end = min(range.upperBound, start + batchSize)
      let batch = try embed(dataset.images(start..<end))
      let offset = (start - range.lowerBound) * dimension
      out.withUnsafeMutableBufferPointer { target in
        for (i, v) in batch.enumerated() { target[offset + i] = v }
      }
      start = end
    }
    return out
  }

  /// One batch: preprocess, forward in inference mode, scale each row to unit length (an
  /// all-zero row stays zero).
  private func embed(_ images: GlyphImages) throws -> [Float] {
    let input = try preprocessor.images(images, rows: [], epoch: 0, augment: false)
    var values = try lock.withLock {
      try trained.encoder.forward(BatchPreprocessor.tensor(input), mode: .inference).values
    }
    let d = dimension
    for row in 0..<images.count {
      var norm: Float = 0
      for j in 0..<d { norm += values[row * d + j] * values[row * d + j] }
      guard norm > 0 else { continue }
      let inverse = 1 / norm.squareRoot()
      for j in 0..<d { values[row * d + j] *= inverse }
    }
    return values
  }
}
