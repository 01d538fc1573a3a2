import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabTraining

/// Labelled glyphs that no person labels, for the pipeline: `references.dataset` names a
/// dataset (e.g. `glyphlab datasets build rendered-glyphs`: the corpus's characters in other
/// fonts) whose classes are matched to the corpus's by name and embedded with the corpus's
/// own fitted features, so the loop recognises glyphs before anyone has seen one.
///
/// ```yaml
/// references:
///   dataset: Datasets/rendered-glyphs.h5
///   mode: mean          # one reference per class and written form (mean of its renderings), or all
///   clean_only: true    # only the clean renderings (/groups/rendering value 0)
/// ```
///
/// References must respect the run's `features.protocol` like the encoder does: under
/// novel editions none of their fonts may be a design the corpus uses as an edition; under
/// novel characters they cannot be used at all (they are the corpus's characters).
public struct ReferenceSpec: Sendable, Equatable {
  /// How references enter the model's support.
  public enum Mode: String, Sendable, CaseIterable {
    /// One row per class and written form (``ReferenceSet/classMeans()``): the mean of its
    /// reference features.
    case mean
    /// Every reference glyph.
    case all
  }

  /// The reference dataset, or "" for none.
  public var dataset: String
  /// Mean per class, or every glyph.
  public var mode: Mode
  /// Use only the rows whose `/groups/rendering` is 0 (the clean renderings), when the
  /// dataset has that group.
  public var cleanOnly: Bool
  /// The protocol the references are checked against.
  public var encoderProtocol: EncoderProtocol

  /// The `references.*` keys.
  public static let parameters = [
    ParameterDefinition(
      "references.dataset", .file, default: .string(""),
      doc: "a dataset of labelled references no person labels (e.g. rendered-glyphs), matched to classes by name"),
    ParameterDefinition(
      "references.mode", .choice(of: Mode.self), default: .string("mean"),
      doc: "references in the support: one mean per class and written form (/groups/form), or all"),
    ParameterDefinition(
      "references.clean_only", .bool, default: .bool(true),
      doc: "only the clean renderings (/groups/rendering value 0) when the dataset has them"),
  ]

  /// Reads the keys; `features.protocol` gives the protocol.
  public init(parameters p: ResolvedParameters) throws {
    dataset = try p.string("references.dataset")
    mode = try p.choice("references.mode", as: Mode.self)
    cleanOnly = try p.bool("references.clean_only")
    encoderProtocol = try p.choice("features.protocol", as: EncoderProtocol.self)
    if !dataset.isEmpty, encoderProtocol == .novelCharacters {
      throw p.error(
        "references.dataset",
        "references are the corpus's characters, which the novel-characters protocol holds out; "
          + "remove references.dataset or use features.protocol: novel-editions")
    }
  }

  /// Whether references are used.
  public var isEnabled: Bool { !dataset.isEmpty }

  /// Checks, without embedding, that the references fit the corpus `reader`: the dataset
  /// opens, its images are the corpus's size, some classes match, and the protocol holds.
  /// Returns the references used (``ReferenceRenderings``).
  @discardableResult
  public func check(
    corpus reader: GlyphDatasetReader, corpusPath: String, parameters p: ResolvedParameters
  ) throws
    -> ReferenceRenderings
  {
    guard FileManager.default.fileExists(atPath: dataset) else {
      throw p.error("references.dataset", "\(dataset) does not exist (build it first, e.g. make pretraining-set)")
    }
    let references = try GlyphDatasetReader(path: dataset)
    guard references.height == reader.height, references.width == reader.width else {
      throw p.error(
        "references.dataset",
        "\(dataset) has \(references.width)×\(references.height) images, the corpus \(corpusPath) "
          + "\(reader.width)×\(reader.height)")
    }
    try encoderProtocol.check(
      encoder: try TrainingContents(dataset: references), encoderPath: dataset,
      dataset: try TrainingContents(dataset: reader), datasetPath: corpusPath)
    let selected = try ReferenceRenderings(
      reading: dataset, classes: try reader.classes(), selection: cleanOnly ? .clean : .all)
    guard selected.count > 0 else {
      throw p.error("references.dataset", "no class of \(dataset) is a class of the corpus \(corpusPath)")
    }
    return selected
  }

  /// References loaded for a corpus: their features in the corpus's feature space (one
  /// per class when ``Mode/mean``), and the images and corpus classes they came from.
  public struct Loaded: Sendable {
    /// What the loop's model gets.
    public var set: ReferenceSet
    /// The reference images used, the corpus class of each and its form within the class.
    public var images: GlyphImages
    public var labels: [Int32]
    public var forms: [Int32]
    /// Whether ``set`` holds class means.
    public var means: Bool
    /// The encoder trunk's outputs for ``images`` (the inputs of its embedding layer), when
    /// they were computed in the embedding's own pass; nil otherwise.
    public var trunk: Matrix?

    var bytes: Int {
      images.pixels.count + set.features.rows * set.features.columns * 4 + labels.count * 12
        + (trunk.map { $0.rows * $0.columns * 4 } ?? 0)
    }
  }

  /// The references in the corpus's feature space: the used rows whose class the corpus
  /// has, embedded with `features` (the corpus's fitted features), as corpus class indices.
  /// With `withTrunk` and an encoder's embeddings as the features, the same forward pass
  /// also gives the trunk's outputs (``Loaded/trunk``), which embedding fine-tuning needs: the
  /// features are bit for bit the same, and the references go through the network once.
  ///
  /// - Complexity: the feature extractor on every used reference image.
  public func load(
    corpus reader: GlyphDatasetReader, corpusPath: String, features: DatasetFeatures, parameters p: ResolvedParameters,
    withTrunk: Bool = false
  ) throws -> Loaded {
    let selected = try check(corpus: reader, corpusPath: corpusPath, parameters: p)
    let images = try selected.images()
    var embedded: Matrix
    var trunk: Matrix?
    if withTrunk, let encoder = features.fitted as? FittedEncoderFeatures {
      (trunk, embedded) = try encoder.trunkAndEmbeddings(of: images)
      // As DatasetFeatures.transform does after the extractor.
      if features.normalized { embedded.normalizeRows() }
    } else {
      embedded = try features.transform(images)
    }
    let set = try ReferenceSet(features: embedded, labels: selected.labels, forms: selected.forms)
    return Loaded(
      set: mode == .mean ? try set.classMeans() : set, images: images, labels: selected.labels, forms: selected.forms,
      means: mode == .mean, trunk: trunk)
  }
}
