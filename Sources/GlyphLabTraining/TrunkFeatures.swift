import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks

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
    let layers = encoder.encoder.network.layers
    guard layers.last is Linear, layers.count >= 2 else {
      throw EncoderError.invalidArgument(
        name: "adapt.layers", value: "1", reason: "the encoder \(encoder.path) does not end in a linear layer")
    }
    let preprocessor = try BatchPreprocessor(
      augmentation: GlyphAugmentation(.none), height: encoder.imageHeight, width: encoder.imageWidth,
      inputSize: encoder.encoder.architecture.inputHeight, seed: 0)
    func run(_ images: GlyphImages) throws -> Matrix {
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
    corpus = try run(images)
    references = try referenceImages.map(run)
    self.referenceLabels = referenceLabels
    self.referenceForms = referenceForms ?? [Int32](repeating: 0, count: referenceLabels.count)
  }
}
