import Foundation
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabTestSupport

/// The corpus needs Debian's fortunes-zh, unicode-data and CJK font packages (`make setup`).
let corpusMaterialInstalled =
  FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")
  && FileManager.default.fileExists(atPath: "/usr/share/unicode/Unihan_Variants.txt.bz2")

/// Pages of the built-in corpus, rendered in memory: pixels and ground-truth boxes.
enum CorpusPages {
  /// The default recipe with `pages` pages `width` pixels wide and few single glyphs, its
  /// damage scaled by `degradation` (0 = clean print).
  static func recipe(seed: UInt64, pages: Int, degradation: Double, width: Int = 640) throws -> CorpusRecipe {
    var recipe = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    recipe.seed = seed
    recipe.glyphs = 50
    recipe.pages.count = pages
    // The default 70-pixel cells: 8 columns on 640 pixels.
    recipe.pages.columns = (width - 2 * recipe.pages.margin) / 70
    recipe.pages.width = width
    recipe.degradation = recipe.degradation.scaled(by: degradation)
    recipe.pages.degradation = nil
    return recipe
  }

  /// Renders every page of `recipe`.
  static func render(_ recipe: CorpusRecipe) throws -> [(pixels: [UInt8], truth: [PixelBox], width: Int, height: Int)] {
    let corpus = try AncientGlyphCorpus(recipe: recipe)
    return try (0..<corpus.pageCount).map { i in
      let page = try corpus.renderPage(i)
      let truth = stride(from: 0, to: page.boxes.count, by: 4).map {
        PixelBox(
          x: Int(page.boxes[$0]), y: Int(page.boxes[$0 + 1]), width: Int(page.boxes[$0 + 2]),
          height: Int(page.boxes[$0 + 3]))
      }
      return (page.pixels, truth, corpus.pageSize.width, corpus.pageSize.height)
    }
  }

  /// Detects and scores every page, pooled.
  static func evaluate(
    _ pages: [(pixels: [UInt8], truth: [PixelBox], width: Int, height: Int)],
    detector: any PageDetecting = PageDetector()
  ) throws -> DetectionEvaluation {
    var total = DetectionEvaluation()
    for page in pages {
      let found = try detector.detect(pixels: page.pixels, width: page.width, height: page.height)
      total = total.adding(try DetectionEvaluation(detections: found.boxes, truth: page.truth))
    }
    return total
  }
}
