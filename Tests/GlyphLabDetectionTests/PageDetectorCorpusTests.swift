import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabTestSupport
import Testing

@Suite("Page detector on corpus pages", .enabled(if: corpusMaterialInstalled))
struct PageDetectorCorpusTests {
  /// Clean print, several seeds (each page is one edition, so the pages cover several fonts).
  @Test(arguments: [UInt64(3), 11, 29])
  func cleanPagesScoreF1AtLeast099(seed: UInt64) throws {
    let pages = try CorpusPages.render(try CorpusPages.recipe(seed: seed, pages: 6, degradation: 0))
    let e = try CorpusPages.evaluate(pages)
    print(
      "clean pages, seed \(seed): F1 \(e.f1), precision \(e.precision), recall \(e.recall) over \(e.truth) boxes; "
        + "best IoU min \(e.quantile(0) ?? 0), 5 % \(e.quantile(0.05) ?? 0), median \(e.quantile(0.5) ?? 0); "
        + "histogram (tenths) \(e.histogram())")
    #expect(e.truth > 500)
    #expect(e.f1 >= 0.99)
    // Reading order is the corpus's order (columns right to left, top to bottom): the i-th
    // detection is the i-th character, so detections join to the text by position.
    for page in pages {
      let found = try PageDetector().detect(pixels: page.pixels, width: page.width, height: page.height)
      #expect(found.boxes.count == page.truth.count)
      #expect(zip(found.boxes, page.truth).allSatisfy { $0.intersectionOverUnion($1) >= 0.5 })
    }
  }

  /// Clean print in each edition (font) alone: serif, sans, kai, ming, light and bold.
  @Test(arguments: CorpusRecipe.defaultEditions)
  func cleanPagesOfEveryEdition(edition: String) throws {
    var recipe = try CorpusPages.recipe(seed: 13, pages: 2, degradation: 0)
    recipe.editions = [edition]
    let e = try CorpusPages.evaluate(try CorpusPages.render(recipe))
    print("clean pages in \(edition): F1 \(e.f1) over \(e.truth) boxes, best IoU median \(e.quantile(0.5) ?? 0)")
    #expect(e.truth > 150)
    #expect(e.f1 >= 0.99)
  }

  /// F1 as the default recipe's damage is scaled by 0, 0.5, 1, 1.5, 2, on narrower pages
  /// (four columns of twelve characters; rendering damage is slow in debug builds).
  /// Asserted loosely: clean and default damage stay high, and F1 does not rise much as the
  /// damage grows. The release-build table over 24 full pages per factor is in the report.
  @Test func degradationSweep() throws {
    var table: [(factor: Double, evaluation: DetectionEvaluation)] = []
    for factor in [0.0, 0.5, 1, 1.5, 2] {
      let pages = try CorpusPages.render(try CorpusPages.recipe(seed: 5, pages: 4, degradation: factor, width: 360))
      let e = try CorpusPages.evaluate(pages)
      table.append((factor, e))
      print(
        "degradation ×\(factor): F1 \(e.f1), precision \(e.precision), recall \(e.recall) "
          + "(\(e.matched) of \(e.truth) matched, \(e.detected) detected); IoU median \(e.quantile(0.5) ?? 0), "
          + "5 % \(e.quantile(0.05) ?? 0)")
    }
    #expect(table[0].evaluation.f1 >= 0.99)
    #expect(table[1].evaluation.f1 >= 0.98)
    #expect(table[2].evaluation.f1 >= 0.97)
    #expect(table[4].evaluation.f1 >= 0.8)
    for k in 1..<table.count { #expect(table[k].evaluation.f1 <= table[k - 1].evaluation.f1 + 0.02) }
  }
}
