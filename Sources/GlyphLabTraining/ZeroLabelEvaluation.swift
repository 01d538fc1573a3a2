import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabStrategies

/// The zero-label accuracy of an encoder on a corpus: each corpus glyph is labelled with the
/// class (and written form) whose mean embedding of clean reference renderings (from another dataset, e.g. the
/// pretraining set's `rendering` = 0 images, whose fonts the corpus does not use; read by
/// ``ReferenceRenderings``) is nearest
/// under the cosine metric (``PrototypeClassifier``), with no corpus label used. Classes are
/// matched by name; a corpus glyph whose class has no reference counts as wrong.
public struct ZeroLabelEvaluation: Sendable {
  /// Corpus glyphs evaluated (labelled ones), and those labelled correctly.
  public var evaluated: Int
  public var correct: Int
  /// Corpus glyphs whose class has no reference rendering (counted as wrong).
  public var withoutReference: Int
  /// Reference images and classes used.
  public var references: Int
  public var referenceClasses: Int
  /// Accuracy per corpus font (`/groups/font` value), in value order.
  public var perFont: [(font: String, glyphs: Int, correct: Int)]
  /// Accuracy per corpus `/groups/variant` value (base and variant forms), when it has one.
  public var perVariant: [(form: String, glyphs: Int, correct: Int)] = []

  /// `correct / evaluated`.
  public var accuracy: Double { evaluated > 0 ? Double(correct) / Double(evaluated) : 0 }

  /// Evaluates `features` (a loaded encoder) with the references of `references` (its
  /// `rendering` = 0 images, every image when `cleanOnly` is false or without that group) on
  /// the first `limit` (all if `nil`) glyphs of `corpus`, `batch` corpus glyphs at a time.
  ///
  /// - Complexity: one forward pass per reference and corpus glyph; O(batch × classes)
  ///   memory for the scores.
  public static func run(
    features: FittedEncoderFeatures, references: GlyphDatasetReader, corpus: GlyphDatasetReader, limit: Int? = nil,
    cleanOnly: Bool = true, batch: Int = 4096
  ) throws -> ZeroLabelEvaluation {
    let corpusClasses = try corpus.classes()
    // Reference embeddings, chunk by chunk; rows of classes the corpus lacks are skipped.
    let selected = try ReferenceRenderings(
      reading: references.path, classes: corpusClasses, selection: cleanOnly ? .clean : .all)
    var supportRows: [Float] = []
    let chunk = 4096
    var start = 0
    while start < selected.count {
      let end = min(selected.count, start + chunk)
      let embedded = try features.features(of: try selected.images(start..<end))
      embedded.withUnsafeBufferPointer { supportRows.append(contentsOf: $0) }
      start = end
    }
    let supportLabels = selected.labels
    guard !supportLabels.isEmpty else {
      throw EncoderError.trainingData(
        path: references.path, reason: "has no reference renderings of the classes of \(corpus.path)")
    }
    // One prototype per class and written form (a class drawn in a variant form keeps a mean
    // for each form), nearest under the cosine metric.
    let means = try ReferenceSet(
      features: try Matrix(rows: supportLabels.count, columns: features.dimension, elements: supportRows),
      labels: supportLabels, forms: selected.forms
    ).classMeans()
    let support = means.features
    let covered = Set(supportLabels)
    let classifier = KNearestNeighborsClassifier(k: 1, metric: .cosine)

    let labels = try corpus.labels()
    let count = min(corpus.count, limit ?? corpus.count)
    let fonts = try corpus.groupNames().contains("font") ? try corpus.group("font") : (values: [], names: [])
    var fontGlyphs = [Int](repeating: 0, count: fonts.names.count)
    var fontCorrect = [Int](repeating: 0, count: fonts.names.count)
    let forms = try corpus.groupNames().contains("variant") ? try corpus.group("variant") : (values: [], names: [])
    var formGlyphs = [Int](repeating: 0, count: forms.names.count)
    var formCorrect = [Int](repeating: 0, count: forms.names.count)
    var result = ZeroLabelEvaluation(
      evaluated: 0, correct: 0, withoutReference: 0, references: supportLabels.count, referenceClasses: covered.count,
      perFont: [])
    start = 0
    while start < count {
      let end = min(count, start + max(1, batch))
      let queries = try features.features(of: corpus, rows: start..<end)
      let predicted = try classifier.predict(support: support, supportLabels: means.labels, queries: queries).labels
      for (i, row) in (start..<end).enumerated() where labels[row] >= 0 {
        result.evaluated += 1
        if !covered.contains(labels[row]) { result.withoutReference += 1 }
        let right = predicted[i] == labels[row]
        if right { result.correct += 1 }
        if !fonts.values.isEmpty, fonts.values[row] >= 0 {
          fontGlyphs[Int(fonts.values[row])] += 1
          if right { fontCorrect[Int(fonts.values[row])] += 1 }
        }
        if !forms.values.isEmpty, forms.values[row] >= 0 {
          formGlyphs[Int(forms.values[row])] += 1
          if right { formCorrect[Int(forms.values[row])] += 1 }
        }
      }
      start = end
    }
    result.perFont = fonts.names.indices.map { (fonts.names[$0], fontGlyphs[$0], fontCorrect[$0]) }
    result.perVariant = forms.names.indices.map { (forms.names[$0], formGlyphs[$0], formCorrect[$0]) }
    return result
  }
}
