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
    try self.init(trained: try TrainedEncoder.load(path), batchSize: batchSize, name: name)
  }

  /// Applies an encoder already in memory (e.g. one returned by
  /// ``EncoderTrainer/fineTune(_:images:labels:classCount:settings:)``). The encoder must not
  /// be trained while this extractor uses it.
  public init(trained: TrainedEncoder, batchSize: Int = 256, name: String? = nil) throws {
    guard batchSize > 0 else {
      throw EncoderError.invalidArgument(name: "batchSize", value: "\(batchSize)", reason: "must be positive")
    }
    self.trained = trained
    self.batchSize = batchSize
    self.name = name ?? "encoder-" + URL(fileURLWithPath: trained.path).deletingPathExtension().lastPathComponent
    let architecture = trained.encoder.architecture
    guard architecture.inputChannels == 1, architecture.inputHeight == architecture.inputWidth else {
      throw EncoderError.weightsFile(
        path: trained.path,
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
    // The dimension is worked out from the network's shapes: once, not per element.
    let d = dimension
    var out = Matrix(rows: images.count, columns: d)
    var start = 0
    while start < images.count {
      let end = min(images.count, start + batchSize)
      let batch = try embed(images.slice(start..<end))
      out.withUnsafeMutableBufferPointer { target in
        for (i, v) in batch.enumerated() { target[start * d + i] = v }
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
    let d = dimension
    var out = Matrix(rows: range.count, columns: d)
    var start = range.lowerBound
    while start < range.upperBound {
      let end = min(range.upperBound, start + batchSize)
      let batch = try embed(dataset.images(start..<end))
      let offset = (start - range.lowerBound) * d
      out.withUnsafeMutableBufferPointer { target in
        for (i, v) in batch.enumerated() { target[offset + i] = v }
      }
      start = end
    }
    return out
  }

  /// The unit-length embeddings of `images`, bit for bit what ``features(of:datasetRows:)``
  /// gives, and in the same pass the trunk's outputs (the embedding layer's inputs), which
  /// embedding fine-tuning trains on
  /// (``TrunkFeatures/trunkAndEmbeddings(of:encoder:batchSize:)``).
  ///
  /// - Complexity: one forward pass per image; memory one batch of activations besides the outputs.
  public func trunkAndEmbeddings(of images: GlyphImages) throws -> (trunk: Matrix, embeddings: Matrix) {
    try lock.withLock { try TrunkFeatures.trunkAndEmbeddings(of: images, encoder: trained, batchSize: batchSize) }
  }

  /// One batch: preprocess, forward in inference mode, scale each row to unit length (an
  /// all-zero row stays zero).
  private func embed(_ images: GlyphImages) throws -> [Float] {
    let input = try preprocessor.images(images, rows: [], epoch: 0, augment: false)
    var values = try lock.withLock {
      try trained.encoder.forward(BatchPreprocessor.tensor(input), mode: .inference).values
    }
    Self.scaleRowsToUnitLength(&values, rows: images.count, columns: dimension)
    return values
  }

  /// Scales each of the `rows` rows of `values` (row-major, `columns` wide) to unit length in
  /// single precision; an all-zero row stays zero. The one normalisation of the embeddings,
  /// shared with ``TrunkFeatures/trunkAndEmbeddings(of:encoder:batchSize:)``.
  ///
  /// - Complexity: O(rows × columns).
  static func scaleRowsToUnitLength(_ values: inout [Float], rows: Int, columns d: Int) {
    for row in 0..<rows {
      var norm: Float = 0
      for j in 0..<d { norm += values[row * d + j] * values[row * d + j] }
      guard norm > 0 else { continue }
      let inverse = 1 / norm.squareRoot()
      for j in 0..<d { values[row * d + j] *= inverse }
    }
  }
}
