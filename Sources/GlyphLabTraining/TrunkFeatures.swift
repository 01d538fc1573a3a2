import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabStrategies

/// An encoder's frozen trunk (every layer but the final linear one) applied to a corpus and
/// its references once, for ``EncoderHeadAdapter``: the vectors the embedding layer reads.
public struct TrunkFeatures: Sendable {
  /// One row per corpus glyph: in memory, or streamed from an on-disk cache.
  public var corpus: any TrunkRowSource
  /// One row per reference image (nil without references), each one's corpus class and its
  /// form within the class (``ReferenceSet/forms``).
  public var references: Matrix?
  public var referenceLabels: [Int32]
  public var referenceForms: [Int32]

  /// The trunk's output length.
  public var dimension: Int { corpus.columns }

  /// Bytes held in memory, for caches (a streamed corpus holds none of its rows).
  public var bytes: Int { corpus.residentBytes + (references?.count ?? 0) * MemoryLayout<Float>.stride }

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

  /// The corpus's trunk outputs as given (e.g. streamed from a feature cache, computed by
  /// ``trunk(of:encoder:batchSize:)`` in the same batches), and the references' computed, or
  /// taken as given when `referenceTrunk` holds them (computed in the same batches, e.g. with
  /// the references' embeddings by ``trunkAndEmbeddings(of:encoder:batchSize:)``).
  public init(
    encoder: TrainedEncoder, corpus: any TrunkRowSource, referenceImages: GlyphImages?,
    referenceTrunk: Matrix? = nil, referenceLabels: [Int32], referenceForms: [Int32]? = nil, batchSize: Int = 256
  ) throws {
    self.corpus = corpus
    if let referenceTrunk {
      guard referenceTrunk.rows == referenceLabels.count else {
        throw EncoderError.invalidArgument(
          name: "references", value: "\(referenceTrunk.rows) trunk rows",
          reason: "there are \(referenceLabels.count) reference labels")
      }
      references = referenceTrunk
    } else {
      references = try referenceImages.map { try Self.trunk(of: $0, encoder: encoder, batchSize: batchSize) }
    }
    self.referenceLabels = referenceLabels
    self.referenceForms = referenceForms ?? [Int32](repeating: 0, count: referenceLabels.count)
  }

  /// The trunk's output (every layer but the last linear one) for `images`, in batches of
  /// `batchSize` from the first image.
  ///
  /// - Complexity: one forward pass of the trunk per image; memory one batch of activations
  ///   besides the output.
  public static func trunk(of images: GlyphImages, encoder: TrainedEncoder, batchSize: Int) throws -> Matrix {
    var parts: [Matrix] = []
    try forEachTrunkBatch(of: images, encoder: encoder, batchSize: batchSize) { trunk, _ in parts.append(trunk) }
    return try Matrix.stacking(parts)
  }

  /// The trunk outputs and the unit-length embeddings of `images` from one forward pass:
  /// bit for bit what ``trunk(of:encoder:batchSize:)`` and ``FittedEncoderFeatures`` give with
  /// the same `batchSize` (the same batches from the first image, the same operations in the
  /// same order). The caller makes sure no other pass uses `encoder`'s layers meanwhile.
  ///
  /// - Complexity: one forward pass per image; memory one batch of activations besides the outputs.
  public static func trunkAndEmbeddings(
    of images: GlyphImages, encoder trained: TrainedEncoder, batchSize: Int
  ) throws -> (trunk: Matrix, embeddings: Matrix) {
    let last = try finalLinear(of: trained)
    let d = last.outputFeatures
    var trunks: [Matrix] = []
    var embeddings: [Float] = []
    embeddings.reserveCapacity(images.count * d)
    try forEachTrunkBatch(of: images, encoder: trained, batchSize: batchSize) { trunk, activations in
      trunks.append(trunk)
      var values = try last.forward(activations, mode: .inference).values
      FittedEncoderFeatures.scaleRowsToUnitLength(&values, rows: trunk.rows, columns: d)
      embeddings += values
    }
    return (
      try Matrix.stacking(trunks),
      try Matrix(rows: images.count, columns: d, elements: embeddings)
    )
  }

  /// `trained`'s last layer, which must be linear with a trunk before it.
  private static func finalLinear(of trained: TrainedEncoder) throws -> Linear {
    let layers = trained.encoder.network.layers
    guard let last = layers.last as? Linear, layers.count >= 2 else {
      throw EncoderError.invalidArgument(
        name: "adapt.layers", value: "1", reason: "the encoder \(trained.path) does not end in a linear layer")
    }
    return last
  }

  /// Runs `trained`'s trunk over `images` in batches of `batchSize` from the first image, and
  /// hands `body` each batch's output as a matrix (one row per image) and as the activations
  /// the last layer reads: the one batching loop of ``trunk(of:encoder:batchSize:)`` and
  /// ``trunkAndEmbeddings(of:encoder:batchSize:)``.
  private static func forEachTrunkBatch(
    of images: GlyphImages, encoder trained: TrainedEncoder, batchSize: Int,
    _ body: (_ trunk: Matrix, _ activations: Tensor) throws -> Void
  ) throws {
    let layers = trained.encoder.network.layers
    _ = try finalLinear(of: trained)
    try trained.checkImageSize(height: images.height, width: images.width, source: "the images to embed")
    let preprocessor = try BatchPreprocessor(
      augmentation: GlyphAugmentation(.none), height: trained.imageHeight, width: trained.imageWidth,
      inputSize: trained.encoder.architecture.inputHeight, seed: 0)
    var from = 0
    while from < images.count {
      let to = min(images.count, from + max(1, batchSize))
      var x = BatchPreprocessor.tensor(
        try preprocessor.images(images.slice(from..<to), rows: [], epoch: 0, augment: false))
      x = try trained.encoder.network.forward(x, mode: .inference, layers: layers.count - 1)
      try body(try x.reshaped([to - from, x.count / (to - from)]).matrix, x)
      from = to
    }
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

  /// The trunk outputs and the unit-length embeddings of `images` from one forward pass
  /// (``TrunkFeatures/trunkAndEmbeddings(of:encoder:batchSize:)``).
  ///
  /// - Complexity: one forward pass per image; memory one batch of activations besides the outputs.
  public func trunkAndEmbeddings(of images: GlyphImages) throws -> (trunk: Matrix, embeddings: Matrix) {
    try lock.withLock { try TrunkFeatures.trunkAndEmbeddings(of: images, encoder: trained, batchSize: batchSize) }
  }

  /// The trunk outputs of `images`.
  public func features(of images: GlyphImages, datasetRows: [Int]?) throws -> Matrix {
    try lock.withLock { try TrunkFeatures.trunk(of: images, encoder: trained, batchSize: batchSize) }
  }
}
