import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabPipeline

/// The `detection` experiment kind: pages of the built-in corpus rendered with the print
/// damage scaled by `pages.degradation_factor`, read by the classical detector
/// (``PageDetector``) and a recogniser trained on a labelled glyph dataset
/// (``PageRecognizer``). It records detection precision, recall and F1 at IoU ≥ 0.5 with the
/// IoU distribution, and the end-to-end character accuracy of the text, where a missed or
/// merged character is an error. The run's seed is the corpus seed of the pages.
public struct DetectionExperimentKind: ExperimentKind {
  public static let name = "detection"

  public static let schema = ParameterSchema([
    ParameterDefinition(
      "corpus.recipe", .file, default: .string("Datasets/ancient-glyphs.yaml"),
      doc: "the corpus recipe pages are drawn from"),
    ParameterDefinition("pages.count", .int(1...10_000), default: .int(12), doc: "pages rendered per run"),
    ParameterDefinition(
      "pages.degradation_factor", .double(0...10), default: .double(1),
      doc: "the recipe's damage knobs multiplied by this on the pages (0 = clean)"),
    ParameterDefinition(
      "detector.binarization", .choice(["sauvola", "otsu"]), default: .string("sauvola"), doc: "binarisation"),
    ParameterDefinition(
      "recognition.dataset", .file, default: .string("Datasets/ancient-glyphs.h5"),
      doc: "labelled glyphs the recogniser is trained on"),
    ParameterDefinition(
      "recognition.limit", .int(0...Int.max), default: .int(0), doc: "first N training glyphs (0 = all)"),
  ])

  public static let keyMetrics = ["f1", "precision", "recall", "end_to_end_accuracy", "truth_box_accuracy"]

  let recipePath: String
  let pageCount: Int
  let factor: Double
  let binarization: String
  let dataset: String
  let limit: Int

  public init(parameters p: ResolvedParameters) throws {
    recipePath = try p.string("corpus.recipe")
    pageCount = try p.int("pages.count")
    factor = try p.double("pages.degradation_factor")
    binarization = try p.string("detector.binarization")
    dataset = try p.string("recognition.dataset")
    limit = try p.int("recognition.limit")
    guard !recipePath.isEmpty else { throw p.error("corpus.recipe", "must name a recipe file") }
    guard !dataset.isEmpty else { throw p.error("recognition.dataset", "must name a dataset file") }
  }

  public func run(seed: UInt64, recorder: RunRecorder) throws {
    var recipe = try CorpusRecipe(path: recipePath)
    recipe.seed = seed
    recipe.glyphs = 1  // only the pages are drawn
    recipe.pages.count = pageCount
    recipe.pages.degradation = (recipe.pages.degradation ?? recipe.degradation).scaled(by: factor)
    let corpus = try AncientGlyphCorpus(recipe: recipe)
    let classes = corpus.classes
    var pages: [(pixels: [UInt8], width: Int, height: Int, boxes: [PixelBox], text: [String])] = []
    for index in 0..<corpus.pageCount {
      let page = try corpus.renderPage(index)
      let boxes = stride(from: 0, to: page.boxes.count, by: 4).map {
        PixelBox(
          x: Int(page.boxes[$0]), y: Int(page.boxes[$0 + 1]), width: Int(page.boxes[$0 + 2]),
          height: Int(page.boxes[$0 + 3]))
      }
      pages.append(
        (page.pixels, corpus.pageSize.width, corpus.pageSize.height, boxes, page.labels.map { classes[Int($0)] }))
    }
    let key = "page-recognizer|\(dataset)|\(limit)"
    let recognizer = try ExperimentCache.shared.value(for: key, bytes: { $0.approximateBytes }) {
      try PageRecognizer(dataset: dataset, limit: limit > 0 ? limit : nil)
    }
    var detector = PageDetector()
    detector.binarizer.method = binarization == "otsu" ? .otsu : .sauvola
    let reading = try PageReading.read(pages: pages, detector: detector, recognizer: recognizer)
    let d = reading.detection
    try recorder.appendCurveRow(
      ["precision": d.precision, "recall": d.recall, "f1": d.f1, "end_to_end_accuracy": reading.endToEndAccuracy],
      integers: ["pages": pages.count])
    try recorder.setScalar("precision", d.precision)
    try recorder.setScalar("recall", d.recall)
    try recorder.setScalar("f1", d.f1)
    try recorder.setScalar("iou_median", d.quantile(0.5) ?? .nan)
    try recorder.setScalar("iou_p05", d.quantile(0.05) ?? .nan)
    try recorder.setScalar("end_to_end_accuracy", reading.endToEndAccuracy)
    try recorder.setScalar("truth_box_accuracy", reading.truthBoxAccuracy)
    try recorder.setInteger("truth_boxes", d.truth)
    try recorder.setInteger("detected_boxes", d.detected)
    try recorder.setInteger("pages", pages.count)
  }
}
