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
      "clean seed \(seed): P \(e.precision) R \(e.recall) F1 \(e.f1) over \(e.truth) boxes; IoU q05 "
        + "\(e.quantile(0.05) ?? 0) median \(e.quantile(0.5) ?? 0) min \(e.quantile(0) ?? 0); histogram \(e.histogram())")
    #expect(e.truth > 500)
    #expect(e.f1 >= 0.99)
  }

  /// F1 as the default recipe's damage is scaled by 0, 0.5, 1, 1.5, 2.
  @Test func degradationSweep() throws {
    var table: [(Double, DetectionEvaluation)] = []
    for factor in [0.0, 0.5, 1, 1.5, 2] {
      let pages = try CorpusPages.render(try CorpusPages.recipe(seed: 5, pages: 6, degradation: factor))
      let e = try CorpusPages.evaluate(pages)
      table.append((factor, e))
      print(
        "degradation ×\(factor): P \(e.precision) R \(e.recall) F1 \(e.f1) (\(e.matched)/\(e.truth) matched, "
          + "\(e.detected) detected); IoU median \(e.quantile(0.5) ?? 0) q05 \(e.quantile(0.05) ?? 0)")
    }
    #expect(table[0].1.f1 >= 0.99)
    #expect(table[2].1.f1 >= 0.97)
  }
}
