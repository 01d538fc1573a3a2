import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabPipeline

/// The `detection` experiment kind: pages read by a single-character detector
/// (`detector.strategy`: ``PageDetector`` for rendered pages, ``ScanDetector`` for real
/// scans) and, for corpus pages, a recogniser trained on a labelled glyph dataset
/// (``PageRecognizer``).
///
/// - `pages.source: corpus`: pages of the built-in corpus rendered with the print damage
///   scaled by `pages.degradation_factor` (synthetic); the run's seed is the corpus seed.
///   Records the end-to-end character accuracy too, where a missed or merged character is
///   an error; with `recognition.dataset` empty the pages are only detected. The recipe's
///   realistic page effects (`pages.scan`, `pages.layout`) apply; `pages.without` switches
///   one off, for ablations.
/// - `pages.source: dataset`: the pages and true boxes of a dataset file (`pages.dataset`,
///   e.g. real scans imported with `glyphlab datasets import pages`), scored per page and
///   per book (`/pages/book`). With `detector.tuning: leave_one_book_out`, each book is
///   detected with the ``ScanDetector`` parameters (from a fixed grid over `inkContrast` and
///   `splitHeight`), or the ``CenterNetDetector`` threshold, that score the best pooled F1 on
///   the other books, so no book is scored with parameters chosen on it.
/// - `detector.strategy: centernet`: the network is trained in the run on synthetic pages
///   of `detector.training_recipe` (cached per process, so the runs of one experiment with
///   the same training keys and seed share it); on dataset pages with
///   `detector.fine_tune_steps` > 0, one copy per book is fine-tuned on the other books'
///   pages and detects that book (``CenterNetSettings``).
///
/// Records precision, recall and F1 at IoU ≥ 0.5, the IoU distribution, merged and split
/// counts, and one curve row per page (page, book, counts, F1, and for tuned runs the
/// parameters chosen).
public struct DetectionExperimentKind: ExperimentKind {
  public static let name = "detection"

  public static let schema = ParameterSchema([
    ParameterDefinition(
      "corpus.recipe", .file, default: .string("Datasets/ancient-glyphs.yaml"),
      doc: "the corpus recipe pages are drawn from"),
    ParameterDefinition(
      "pages.source", .choice(["corpus", "dataset"]), default: .string("corpus"),
      doc: "corpus: pages rendered from corpus.recipe (synthetic); dataset: the pages of pages.dataset"),
    ParameterDefinition(
      "pages.dataset", .string, default: .string(""),
      doc: "a dataset file with /pages (pages.source: dataset), e.g. Datasets/pmjt-sample.h5"),
    ParameterDefinition("pages.count", .int(1...10_000), default: .int(12), doc: "pages rendered per run"),
    ParameterDefinition(
      "pages.degradation_factor", .double(0...10), default: .double(1),
      doc: "the recipe's damage knobs multiplied by this on the pages (0 = clean)"),
    ParameterDefinition(
      "pages.without", .choice(["none", "all"] + PageEffect.allCases.map(\.rawValue)), default: .string("none"),
      doc:
        "corpus pages: draw them with this realistic page effect of the recipe switched off, or all of them (ablations)",
      neutralDefault: true),
    ParameterDefinition(
      "detector.strategy", .choice(DetectionStrategy.allCases.map(\.rawValue)), default: .string("projection"),
      doc:
        "projection: PageDetector (rendered pages); scan: ScanDetector (real scans); centernet: CenterNetDetector, a network trained in the run"
    ),
    ParameterDefinition(
      "detector.training_recipe", .file, default: .string("Datasets/ancient-pages-realistic.yaml"),
      doc: "centernet: the recipe whose realistic synthetic pages the network is trained on", neutralDefault: true),
    ParameterDefinition(
      "detector.training_pages", .int(1...5_000), default: .int(60),
      doc: "centernet: synthetic training pages rendered (seed 1000000 + the run's seed)", neutralDefault: true),
    ParameterDefinition(
      "detector.training_steps", .int(1...200_000), default: .int(1500),
      doc: "centernet: Adam steps of 8 crops of 128 × 128 on the synthetic pages", neutralDefault: true),
    ParameterDefinition(
      "detector.fine_tune_steps", .int(0...200_000), default: .int(0),
      doc:
        "centernet, dataset pages: fine-tuning steps on the real pages of the other books, one model per book (leave one book out); 0 = none",
      neutralDefault: true),
    ParameterDefinition(
      "detector.threshold", .double(0.01...0.99), default: .double(0.3),
      doc: "centernet: the least centre probability of a detection", neutralDefault: true),
    ParameterDefinition(
      "detector.channels", .int(4...256), default: .int(32),
      doc: "centernet: channels of the network's residual trunk", neutralDefault: true),
    ParameterDefinition(
      "detector.blocks", .int(0...16), default: .int(3),
      doc: "centernet: residual blocks of the trunk", neutralDefault: true),
    ParameterDefinition(
      "detector.binarization", .choice(["sauvola", "otsu"]), default: .string("sauvola"),
      doc: "binarisation (projection strategy)"),
    ParameterDefinition(
      "detector.tuning", .choice(["none", "leave_one_book_out"]), default: .string("none"),
      doc:
        "leave_one_book_out (dataset pages): each book gets the scan parameters, or the centernet threshold, that score best on the other books"
    ),
    ParameterDefinition(
      "recognition.dataset", .file, default: .string("Datasets/ancient-glyphs.h5"),
      doc: "labelled glyphs the recogniser is trained on (corpus pages); empty: detection only, no reading"),
    ParameterDefinition(
      "recognition.join", .choice(["none", "leave_one_book_out"]), default: .string("none"),
      doc:
        "dataset pages: leave_one_book_out reads each book with a HOG/WCCN 1-NN recogniser trained on the other books' glyphs"
    ),
    ParameterDefinition(
      "recognition.limit", .int(0...Int.max), default: .int(0), doc: "first N training glyphs (0 = all)"),
  ])

  public static let keyMetrics = ["f1", "precision", "recall", "end_to_end_accuracy", "truth_box_accuracy"]

  let source: String
  let pagesDataset: String
  let strategy: DetectionStrategy
  let tuning: String
  let join: String
  let recipePath: String
  let pageCount: Int
  let factor: Double
  let without: [PageEffect]
  let binarization: String
  let dataset: String
  let limit: Int
  let centerNet: CenterNetSettings

  public init(parameters p: ResolvedParameters) throws {
    source = try p.string("pages.source")
    pagesDataset = try p.string("pages.dataset")
    let strategyName = try p.string("detector.strategy")
    guard let strategy = DetectionStrategy(rawValue: strategyName) else {
      throw p.error("detector.strategy", "unknown strategy \(strategyName)")
    }
    self.strategy = strategy
    tuning = try p.string("detector.tuning")
    join = try p.string("recognition.join")
    if join != "none" && source != "dataset" {
      throw p.error("recognition.join", "leave_one_book_out needs pages.source dataset")
    }
    if source == "dataset" && pagesDataset.isEmpty {
      throw p.error("pages.dataset", "must name a dataset file with pages when pages.source is dataset")
    }
    if tuning != "none" && (strategy == .projection || source != "dataset") {
      throw p.error(
        "detector.tuning", "leave_one_book_out needs detector.strategy scan or centernet and pages.source dataset")
    }
    recipePath = try p.string("corpus.recipe")
    pageCount = try p.int("pages.count")
    factor = try p.double("pages.degradation_factor")
    let withoutName = try p.string("pages.without")
    without = withoutName == "all" ? PageEffect.allCases : PageEffect(rawValue: withoutName).map { [$0] } ?? []
    if !without.isEmpty && source != "corpus" {
      throw p.error("pages.without", "switches off an effect of corpus pages; it needs pages.source corpus")
    }
    binarization = try p.string("detector.binarization")
    dataset = try p.string("recognition.dataset")
    limit = try p.int("recognition.limit")
    centerNet = CenterNetSettings(
      recipe: try p.string("detector.training_recipe"), pages: try p.int("detector.training_pages"),
      steps: try p.int("detector.training_steps"), fineTuneSteps: try p.int("detector.fine_tune_steps"),
      detector: CenterNetDetector(
        channels: try p.int("detector.channels"), blocks: try p.int("detector.blocks"),
        threshold: try p.double("detector.threshold")))
    if centerNet.fineTuneSteps > 0 && (strategy != .centernet || source != "dataset") {
      throw p.error(
        "detector.fine_tune_steps", "fine-tuning needs detector.strategy centernet and pages.source dataset")
    }
    if strategy == .centernet && centerNet.recipe.isEmpty {
      throw p.error("detector.training_recipe", "must name a recipe file to render training pages from")
    }
    guard !recipePath.isEmpty else { throw p.error("corpus.recipe", "must name a recipe file") }
  }

  public func run(seed: UInt64, recorder: RunRecorder) throws {
    if source == "dataset" {
      try runOnDataset(seed: seed, recorder: recorder)
      return
    }
    var recipe = try CorpusRecipe(path: recipePath)
    recipe.seed = seed
    recipe.glyphs = 1  // only the pages are drawn
    recipe.pages.count = pageCount
    recipe.pages.degradation = (recipe.pages.degradation ?? recipe.degradation).scaled(by: factor)
    for effect in without { recipe.pages = recipe.pages.without(effect) }
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
    var projection = PageDetector()
    projection.binarizer.method = binarization == "otsu" ? .otsu : .sauvola
    let detector: any PageDetecting
    switch strategy {
    case .scan: detector = ScanDetector()
    case .projection: detector = projection
    case .centernet:
      let (trained, seconds) = try centerNet.synthetic(seed: seed)
      try recorder.setScalar("training_seconds", seconds)
      try recorder.setString("training", centerNet.description(dataset: nil))
      detector = trained
    }
    if dataset.isEmpty {
      try detectOnly(pages: pages, detector: detector, recorder: recorder)
      return
    }
    let key = "page-recognizer|\(dataset)|\(limit)"
    let recognizer = try ExperimentCache.shared.value(for: key, bytes: { $0.approximateBytes }) {
      try PageRecognizer(dataset: dataset, limit: limit > 0 ? limit : nil)
    }
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
    try recorder.setInteger("merged", d.merged)
    try recorder.setInteger("split", d.split)
    try recorder.setInteger("pages", pages.count)
  }
}
