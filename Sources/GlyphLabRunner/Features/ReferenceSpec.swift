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
///   mode: mean          # one reference per class (mean of its renderings), or all
///   clean_only: true    # only the clean renderings (/groups/rendering value 0)
/// ```
///
/// References must respect the run's `features.protocol` like the encoder does: under
/// novel editions none of their fonts may be a design the corpus uses as an edition; under
/// novel characters they cannot be used at all (they are the corpus's characters).
public struct ReferenceSpec: Sendable, Equatable {
  /// How references enter the model's support.
  public enum Mode: String, Sendable, CaseIterable {
    /// One row per class: the mean of its reference features.
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
      "references.dataset", .string, default: .string(""),
      doc: "a dataset of labelled references no person labels (e.g. rendered-glyphs), matched to classes by name"),
    ParameterDefinition(
      "references.mode", .choice(of: Mode.self), default: .string("mean"),
      doc: "references in the support: one mean per class, or all"),
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
  /// Returns the reference dataset's rows that are used.
  @discardableResult
  public func check(
    corpus reader: GlyphDatasetReader, corpusPath: String, parameters p: ResolvedParameters
  ) throws
    -> [Int]
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
    let rows = try usedRows(references)
    let corpusClasses = Set(try reader.classes())
    let names = try references.classes()
    let labels = try references.labels()
    guard rows.contains(where: { labels[$0] >= 0 && corpusClasses.contains(names[Int(labels[$0])]) }) else {
      throw p.error("references.dataset", "no class of \(dataset) is a class of the corpus \(corpusPath)")
    }
    return rows
  }

  /// References loaded for a corpus: their features in the corpus's feature space (one
  /// per class when ``Mode/mean``), and the images and corpus classes they came from.
  public struct Loaded: Sendable {
    /// What the loop's model gets.
    public var set: ReferenceSet
    /// The reference images used, and the corpus class of each.
    public var images: GlyphImages
    public var labels: [Int32]
    /// Whether ``set`` holds class means.
    public var means: Bool

    var bytes: Int { images.pixels.count + set.features.rows * set.features.columns * 4 + labels.count * 8 }
  }

  /// The references in the corpus's feature space: the used rows whose class the corpus
  /// has, embedded with `features` (the corpus's fitted features), as corpus class indices.
  ///
  /// - Complexity: the feature extractor on every used reference image.
  public func load(
    corpus reader: GlyphDatasetReader, corpusPath: String, features: DatasetFeatures, parameters p: ResolvedParameters
  ) throws -> Loaded {
    let rows = try check(corpus: reader, corpusPath: corpusPath, parameters: p)
    let references = try GlyphDatasetReader(path: dataset)
    let corpusIndex = Dictionary(
      try reader.classes().enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    let names = try references.classes()
    let labels = try references.labels()
    var kept: [Int] = []
    var keptLabels: [Int32] = []
    for row in rows where labels[row] >= 0 {
      guard let corpusClass = corpusIndex[names[Int(labels[row])]] else { continue }
      kept.append(row)
      keptLabels.append(corpusClass)
    }
    let images = try gather(references, rows: kept)
    let set = try ReferenceSet(features: try features.transform(images), labels: keptLabels)
    return Loaded(
      set: mode == .mean ? try set.classMeans() : set, images: images, labels: keptLabels, means: mode == .mean)
  }

  func usedRows(_ references: GlyphDatasetReader) throws -> [Int] {
    guard cleanOnly, try references.groupNames().contains("rendering") else { return Array(0..<references.count) }
    let rendering = try references.group("rendering").values
    return rendering.indices.filter { rendering[$0] == 0 }
  }

  /// The images of `rows` (ascending), read in contiguous runs.
  func gather(_ reader: GlyphDatasetReader, rows: [Int]) throws -> GlyphImages {
    var pixels: [UInt8] = []
    pixels.reserveCapacity(rows.count * reader.height * reader.width)
    var i = 0
    while i < rows.count {
      var j = i + 1
      while j < rows.count, rows[j] == rows[j - 1] + 1 { j += 1 }
      pixels += try reader.images(rows[i]..<(rows[j - 1] + 1)).pixels
      i = j
    }
    return try GlyphImages(count: rows.count, height: reader.height, width: reader.width, pixels: pixels)
  }
}
