import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabStrategies

/// An encoder's frozen trunk (every layer but the final linear one) applied to a corpus and
/// its references once, for ``EncoderHeadAdapter``: the vectors the embedding layer reads.
public struct TrunkFeatures: Sendable {
  /// One row per corpus glyph.
  public var corpus: Matrix
  /// One row per reference image (nil without references), each one's corpus class and its
  /// form within the class (``ReferenceSet/forms``).
  public var references: Matrix?
  public var referenceLabels: [Int32]
  public var referenceForms: [Int32]

  /// The trunk's output length.
  public var dimension: Int { corpus.columns }

  /// Bytes held, for caches.
  public var bytes: Int { (corpus.rows + (references?.rows ?? 0)) * corpus.columns * 4 }

  /// Runs `encoder`'s trunk over `images` and `referenceImages` in batches of `batchSize`.
  ///
  /// - Complexity: one forward pass of the trunk per image; memory one batch of activations
  ///   besides the output.
  public init(
    encoder: TrainedEncoder, images: GlyphImages, referenceImages: GlyphImages?, referenceLabels: [Int32],
    referenceForms: [Int32]? = nil, batchSize: Int = 256
  ) throws {
    try self.init(
      encoder: encoder, corpus: try Self.trunk(of: images, encoder: encoder, batchSize: batchSize),
      referenceImages: referenceImages, referenceLabels: referenceLabels, referenceForms: referenceForms,
      batchSize: batchSize)
  }

  /// The corpus's trunk outputs as given (e.g. read from a feature cache, computed by
  /// ``trunk(of:encoder:batchSize:)`` in the same batches), and the references' computed.
  public init(
    encoder: TrainedEncoder, corpus: Matrix, referenceImages: GlyphImages?, referenceLabels: [Int32],
    referenceForms: [Int32]? = nil, batchSize: Int = 256
  ) throws {
    self.corpus = corpus
    references = try referenceImages.map { try Self.trunk(of: $0, encoder: encoder, batchSize: batchSize) }
    self.referenceLabels = referenceLabels
    self.referenceForms = referenceForms ?? [Int32](repeating: 0, count: referenceLabels.count)
  }

  /// The trunk's output (every layer but the last linear one) for `images`, in batches of
  /// `batchSize` from the first image.
  ///
  /// - Complexity: one forward pass of the trunk per image; memory one batch of activations
  ///   besides the output.
  public static func trunk(of images: GlyphImages, encoder: TrainedEncoder, batchSize: Int) throws -> Matrix {
    let layers = encoder.encoder.network.layers
    guard layers.last is Linear, layers.count >= 2 else {
      throw EncoderError.invalidArgument(
        name: "adapt.layers", value: "1", reason: "the encoder \(encoder.path) does not end in a linear layer")
    }
    let preprocessor = try BatchPreprocessor(
      augmentation: GlyphAugmentation(.none), height: encoder.imageHeight, width: encoder.imageWidth,
      inputSize: encoder.encoder.architecture.inputHeight, seed: 0)
    try encoder.checkImageSize(height: images.height, width: images.width, source: "the images to embed")
    var parts: [Matrix] = []
    var from = 0
    while from < images.count {
      let to = min(images.count, from + max(1, batchSize))
      var x = BatchPreprocessor.tensor(
        try preprocessor.images(images.slice(from..<to), rows: [], epoch: 0, augment: false))
      for layer in layers.dropLast() { x = try layer.forward(x, mode: .inference) }
      parts.append(try x.reshaped([to - from, x.count / (to - from)]).matrix)
      from = to
    }
    return try Matrix.stacking(parts)
  }
}

/// An encoder's trunk as a fitted feature extractor (the inputs of its last linear layer),
/// for the on-disk cache of the trunk outputs that embedding fine-tuning trains on.
public final class EncoderTrunkExtractor: FittedFeatureExtractor, @unchecked Sendable {
  /// The encoder.
  public let trained: TrainedEncoder
  /// Images per forward pass.
  public let batchSize: Int
  /// The network's layers keep per-call state, so one pass runs at a time.
  private let lock = NSLock()

  /// The trunk of `trained`, run `batchSize` images at a time.
  public init(_ trained: TrainedEncoder, batchSize: Int) {
    self.trained = trained
    self.batchSize = batchSize
  }

  /// "trunk-<weights file name>".
  public var name: String { "trunk-" + URL(fileURLWithPath: trained.path).deletingPathExtension().lastPathComponent }

  /// The trunk's output length (the last linear layer's input).
  public var dimension: Int { (trained.encoder.network.layers.last as? Linear)?.inputFeatures ?? 0 }

  /// The trunk outputs of `images`.
  public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
    try lock.withLock { try TrunkFeatures.trunk(of: images, encoder: trained, batchSize: batchSize) }
  }
}
