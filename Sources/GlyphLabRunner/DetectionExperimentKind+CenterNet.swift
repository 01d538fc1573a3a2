import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabPipeline

/// What `detector.strategy: centernet` is trained with (the `detector.*` keys).
struct CenterNetSettings: Sendable, Equatable {
  /// The recipe whose realistic synthetic pages the network is trained on.
  var recipe: String
  /// Synthetic training pages rendered.
  var pages: Int
  /// Training steps on the synthetic pages.
  var steps: Int
  /// Fine-tuning steps on the other books' real pages (dataset pages, leave one book out);
  /// 0 = none.
  var fineTuneSteps: Int
  /// The detector's shape and threshold.
  var detector: CenterNetDetector

  /// The seed of the synthetic training pages for run seed `seed`: far from the small
  /// seeds corpus evaluation pages are rendered with, so training and test pages differ.
  static func trainingSeed(_ seed: UInt64) -> UInt64 { 1_000_000 + seed }

  /// The detector trained on `pages` synthetic pages of the recipe (cached per process,
  /// so the runs of one experiment share it), and the seconds it took (0 when cached).
  func synthetic(seed: UInt64) throws -> (detector: CenterNetDetector, seconds: Double) {
    let key =
      "centernet|\(recipe)|\(pages)|\(steps)|\(detector.channels)|\(detector.blocks)|\(detector.characterSize)|\(seed)"
    var seconds = 0.0
    var trained = try ExperimentCache.shared.value(
      for: key, bytes: { $0.weights.reduce(0) { $0 + 4 * $1.count } }
    ) {
      let start = Date()
      var recipe = try CorpusRecipe(path: self.recipe)
      recipe.seed = Self.trainingSeed(seed)
      recipe.glyphs = 1
      recipe.pages.count = pages
      let corpus = try AncientGlyphCorpus(recipe: recipe)
      let training = try (0..<corpus.pageCount).map { i in
        let page = try corpus.renderPage(i)
        let boxes = stride(from: 0, to: page.boxes.count, by: 4).map {
          PixelBox(
            x: Int(page.boxes[$0]), y: Int(page.boxes[$0 + 1]), width: Int(page.boxes[$0 + 2]),
            height: Int(page.boxes[$0 + 3]))
        }
        return CenterNetTrainingPage(
          pixels: page.pixels, width: corpus.pageSize.width, height: corpus.pageSize.height, boxes: boxes)
      }
      var untrained = detector
      untrained.weights = []
      var recent: [Float] = []
      let result = try CenterNetTrainer(steps: steps).train(untrained, pages: training, seed: seed) { step, loss in
        recent.append(loss)
        if ProcessInfo.processInfo.environment["GLYPHLAB_TRAINING_PROGRESS"] != nil, (step + 1) % 50 == 0 {
          let mean = recent.suffix(50).reduce(0, +) / Float(min(50, recent.count))
          FileHandle.standardError.write(Data("centernet step \(step + 1): mean loss \(mean)\n".utf8))
        }
      }
      seconds = Date().timeIntervalSince(start)
      return result
    }
    trained.threshold = detector.threshold
    return (trained, seconds)
  }

  /// `base` fine-tuned on `pages` (real pages of other books).
  func fineTuned(_ base: CenterNetDetector, pages: [CenterNetTrainingPage], seed: UInt64) throws -> CenterNetDetector {
    try CenterNetTrainer(steps: fineTuneSteps, learningRate: 1e-3, copies: 3).train(base, pages: pages, seed: seed)
  }

  /// A sentence for the run log: what the network was trained on.
  func description(dataset: String?) -> String {
    var text =
      "centernet trained from scratch on \(pages) synthetic pages of \(recipe) (rendered with seed 1000000 + run seed), \(steps) steps of 8 crops"
    if let dataset, fineTuneSteps > 0 {
      text +=
        "; then, for each book of \(dataset), fine-tuned \(fineTuneSteps) steps on the real pages of the other books only (leave one book out) and that book detected with it"
    } else {
      text += "; no real page used in training"
    }
    return text
  }
}

extension DetectionExperimentKind {
  /// The centre thresholds `detector.tuning: leave_one_book_out` chooses from for centernet.
  static let centerNetThresholds: [Double] = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]

  /// The centernet detections of a dataset's pages: the synthetic model for every page, or
  /// with fine-tuning, each book's pages by a model fine-tuned on the other books' pages.
  /// With `detector.tuning: leave_one_book_out`, each book's threshold is the one of
  /// ``centerNetThresholds`` with the best pooled F1 on the other books' pages (each of those
  /// detected by its own book's model), so no book's truth chooses its own threshold.
  /// Returns the detections, the detection seconds, and each page's threshold.
  func centerNetDetections(
    _ set: PageSet, truth: [[PixelBox]], books: [String], seed: UInt64, recorder: RunRecorder
  )
    throws -> (pages: [DetectedPage], seconds: Double, thresholds: [Double])
  {
    let (base, seconds) = try centerNet.synthetic(seed: seed)
    try recorder.setScalar("training_seconds", seconds)
    try recorder.setString("training", centerNet.description(dataset: pagesDataset))
    let tuned = tuning == "leave_one_book_out"
    let grid = tuned ? Self.centerNetThresholds : [centerNet.detector.threshold]
    let pages = (0..<set.count).map { i in
      let info = set.info[i]
      var pixels: [UInt8] = []
      pixels.reserveCapacity(info.width * info.height)
      for y in 0..<info.height {
        let row = i * set.height * set.width + y * set.width
        pixels.append(contentsOf: set.images[row..<(row + info.width)])
      }
      return CenterNetTrainingPage(pixels: pixels, width: info.width, height: info.height, boxes: truth[i])
    }
    var candidates = [[DetectedPage]](repeating: [], count: set.count)
    var fineTuning = 0.0
    var detecting = 0.0
    func detect(_ i: Int, with detector: CenterNetDetector) throws {
      let start = Date()
      do {
        candidates[i] = try detector.detect(
          pixels: pages[i].pixels, width: pages[i].width, height: pages[i].height, thresholds: grid)
      } catch {
        let name = set.info[i].name.isEmpty ? "\(i)" : "\(i) (\(set.info[i].name))"
        throw GlyphLabError.invalidArgument(
          operation: "CenterNetDetector", name: "page", value: name, reason: "\(error)")
      }
      detecting += Date().timeIntervalSince(start)
    }
    let bookNames = Set(books).sorted()
    if centerNet.fineTuneSteps > 0 {
      for book in bookNames {
        let others = pages.indices.filter { books[$0] != book }.map { pages[$0] }
        guard !others.isEmpty else {
          throw DatasetError(path: pagesDataset, reason: "has one book only: nothing to fine-tune on without it")
        }
        let start = Date()
        let model = try centerNet.fineTuned(base, pages: others, seed: seed)
        fineTuning += Date().timeIntervalSince(start)
        for i in pages.indices where books[i] == book { try detect(i, with: model) }
      }
      try recorder.setScalar("fine_tune_seconds", fineTuning)
    } else {
      for i in pages.indices { try detect(i, with: base) }
    }
    var found = [DetectedPage](repeating: .empty, count: set.count)
    var thresholds = [Double](repeating: centerNet.detector.threshold, count: set.count)
    for book in bookNames {
      var best = 0
      var bestF1 = -1.0
      for k in grid.indices where grid.count > 1 {
        var others = DetectionEvaluation()
        for i in pages.indices where books[i] != book {
          others = others.adding(try DetectionEvaluation(detections: candidates[i][k].boxes, truth: truth[i]))
        }
        if others.f1 > bestF1 {
          best = k
          bestF1 = others.f1
        }
      }
      for i in pages.indices where books[i] == book {
        found[i] = candidates[i][best]
        thresholds[i] = grid[best]
      }
    }
    return (found, detecting, thresholds)
  }
}
