import Dispatch
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline

/// Recognising while training: a ``FeatureAdapter`` that fine-tunes an encoder on the glyphs
/// people have settled (and, optionally, on the references, so classes nobody has labelled
/// yet stay where their references are), then embeds every glyph and reference again.
///
/// One adapter belongs to one pipeline run: it keeps the encoder it fine-tunes. Every call
/// starts from the previous call's encoder, with a seed derived from the run's seed and the
/// round, so a run is deterministic for its seed and epoch limit (a time limit makes it
/// depend on the machine's speed).
public final class EncoderFineTuningAdapter: FeatureAdapter {
  /// The encoder as adapted so far.
  public private(set) var encoder: TrainedEncoder
  /// The settings of each fine-tuning (its seed is replaced per round).
  public let settings: FineTuneSettings
  /// The corpus's glyph images, in corpus order.
  public let images: GlyphImages
  /// The corpus's number of classes.
  public let classCount: Int
  /// The reference images and their corpus classes, if the run has references.
  public let referenceImages: GlyphImages?
  public let referenceLabels: [Int32]
  /// Each reference's form within its class (``ReferenceSet/forms``).
  public let referenceForms: [Int32]
  /// Whether the references are one mean per class (``ReferenceSet/classMeans()``).
  public let referenceMeans: Bool
  /// Whether fine-tuning also trains on the reference images.
  public let trainOnReferences: Bool
  /// Images per forward pass when embedding.
  public let batchSize: Int

  public var name: String { "fine-tune-" + (settings.layers == .all ? "all" : "\(settings.layers)") }

  /// An adapter starting from `encoder`; see the properties.
  public init(
    encoder: TrainedEncoder, settings: FineTuneSettings, images: GlyphImages, classCount: Int,
    referenceImages: GlyphImages? = nil, referenceLabels: [Int32] = [], referenceForms: [Int32]? = nil,
    referenceMeans: Bool = true, trainOnReferences: Bool = true, batchSize: Int = 256
  ) throws {
    try encoder.checkImageSize(height: images.height, width: images.width, source: "the corpus")
    if let referenceImages {
      guard referenceImages.count == referenceLabels.count else {
        throw EncoderError.invalidArgument(
          name: "referenceLabels", value: "\(referenceLabels.count)",
          reason: "must be one per reference image (\(referenceImages.count))")
      }
      try encoder.checkImageSize(height: referenceImages.height, width: referenceImages.width, source: "the references")
    }
    self.encoder = encoder
    self.settings = settings
    self.images = images
    self.classCount = classCount
    self.referenceImages = referenceImages
    self.referenceLabels = referenceLabels
    self.referenceForms = referenceForms ?? [Int32](repeating: 0, count: referenceLabels.count)
    self.referenceMeans = referenceMeans
    self.trainOnReferences = trainOnReferences
    self.batchSize = batchSize
  }

  /// Fine-tunes on the settled `glyphs` (labels from people) and embeds everything again.
  ///
  /// - Complexity: the fine-tuning's epochs over the settled glyphs (and references), then
  ///   one forward pass per corpus glyph and reference.
  public func adapt(glyphs: [Int], labels: [Int32], round: Int, seed: UInt64) throws -> AdaptedFeatures? {
    guard !glyphs.isEmpty else { return nil }
    let start = DispatchTime.now().uptimeNanoseconds
    var trainImages = images.gathering(glyphs)
    var trainLabels = labels
    if trainOnReferences, let referenceImages {
      trainImages = try GlyphImages(
        count: trainImages.count + referenceImages.count, height: images.height, width: images.width,
        pixels: trainImages.pixels + referenceImages.pixels)
      trainLabels += referenceLabels
    }
    var settings = self.settings
    var generator = SeededGenerator(seed: seed).derived("fine-tune-\(round)")
    settings.seed = generator.next()
    let tuned = try EncoderTrainer.fineTune(
      encoder, images: trainImages, labels: trainLabels, classCount: classCount, settings: settings)
    encoder = tuned.encoder
    let embedder = try FittedEncoderFeatures(trained: encoder, batchSize: batchSize, name: name)
    let features = try embedder.features(of: images)
    var references: Matrix?
    if let referenceImages {
      let set = try ReferenceSet(
        features: try embedder.features(of: referenceImages), labels: referenceLabels, forms: referenceForms)
      references = referenceMeans ? try set.classMeans().features : set.features
    }
    return AdaptedFeatures(
      features: features, references: references,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
}
