import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import Testing

@testable import GlyphLabDetection

@Suite("CenterNet detector")
struct CenterNetDetectorTests {
  /// A small, quick network: 16 channels, one residual block.
  static let small = CenterNetDetector(channels: 16, blocks: 1)
  static let quick = CenterNetTrainer(steps: 250, batch: 4, crop: 96, learningRate: 3e-3, scaleJitter: 0.1)

  static func trainingPages(
    _ pages: [(pixels: [UInt8], truth: [PixelBox], width: Int, height: Int)]
  )
    -> [CenterNetTrainingPage]
  {
    pages.map { CenterNetTrainingPage(pixels: $0.pixels, width: $0.width, height: $0.height, boxes: $0.truth) }
  }

  @Test(.enabled(if: corpusMaterialInstalled))
  func findsTheCharactersOfCleanPagesItDidNotSee() throws {
    let pages = try CorpusPages.render(CorpusPages.recipe(seed: 5, pages: 4, degradation: 0))
    let trained = try Self.quick.train(Self.small, pages: Self.trainingPages(Array(pages.prefix(3))), seed: 11)
    let score = try CorpusPages.evaluate([pages[3]], detector: trained)
    #expect(score.truth > 50)
    #expect(score.f1 >= 0.9, "F1 \(score.f1): precision \(score.precision), recall \(score.recall)")
    // An untrained network of the same shape finds almost nothing right.
    var untrained = Self.small
    untrained.weights = try Self.small.makeNetwork(generator: SeededGenerator(seed: 11)).stateTensors.map(\.value)
    #expect(try CorpusPages.evaluate([pages[3]], detector: untrained).f1 < 0.5)
  }

  @Test(.enabled(if: corpusMaterialInstalled))
  func trainingIsDeterministic() throws {
    let pages = Self.trainingPages(try CorpusPages.render(CorpusPages.recipe(seed: 2, pages: 1, degradation: 1)))
    var trainer = Self.quick
    trainer.steps = 3
    let a = try trainer.train(Self.small, pages: pages, seed: 4)
    let b = try trainer.train(Self.small, pages: pages, seed: 4)
    let c = try trainer.train(Self.small, pages: pages, seed: 5)
    #expect(a.weights == b.weights)
    #expect(a.weights != c.weights)
    // Fine-tuning starts from the given weights.
    let tuned = try trainer.train(a, pages: pages, seed: 4)
    #expect(tuned.weights != a.weights && tuned.weights.count == a.weights.count)
  }

  @Test func targetsPutOneCentrePerBoxAtTheStride() {
    let page = CenterNetTrainingPage(
      pixels: [UInt8](repeating: 0, count: 100 * 80), width: 80, height: 100,
      boxes: [PixelBox(x: 8, y: 10, width: 20, height: 16), PixelBox(x: 40, y: 60, width: 12, height: 30)])
    let s = CenterNetTrainer.sample(page, factor: 1)
    #expect(s.outputWidth == 20 && s.outputHeight == 25)
    #expect(s.mask.reduce(0, +) == 2)
    // Box 1: centre (18, 18) → output (4.5, 4.5): pixel (4, 4), offset 0.5, size 5 × 4.
    let at = 4 * 20 + 4
    #expect(s.mask[at] == 1 && s.heatmap[at] == 1)
    #expect(s.regression[at] == 0.5 && s.regression[500 + at] == 0.5)
    #expect(abs(s.regression[1000 + at] - Float(log(5.0))) < 1e-6)
    #expect(abs(s.regression[1500 + at] - Float(log(4.0))) < 1e-6)
    #expect(s.heatmap.allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test func peaksBecomeBoxesOnThePage() throws {
    // A 1 × 5 × 4 × 4 output with one strong peak at (2, 1) and a weaker neighbour.
    var values = [Float](repeating: -10, count: 80)
    values[1 * 4 + 2] = 3
    values[1 * 4 + 1] = 2
    values[16 + 6] = 0.25  // x offset
    values[32 + 6] = 0.5  // y offset
    values[48 + 6] = Float(log(3.0))  // width 3 output pixels
    values[64 + 6] = Float(log(2.0))
    let boxes = CenterNetDetector.peaks(
      try Tensor(shape: [1, 5, 4, 4], values: values), threshold: 0.3, factor: 0.5, width: 100, height: 100)
    // Centre (2.25, 1.5) × 4 / 0.5 = (18, 12); size 24 × 16.
    #expect(boxes == [PixelBox(x: 6, y: 4, width: 24, height: 16)])
  }

  @Test func refusesBadInput() throws {
    let page = [UInt8](repeating: 0, count: 200 * 300)
    #expect(throws: GlyphLabError.self) { try CenterNetDetector().detect(pixels: page, width: 200, height: 300) }
    var detector = Self.small
    detector.weights = try detector.makeNetwork(generator: SeededGenerator(seed: 1)).stateTensors.map(\.value)
    do {
      _ = try detector.detect(pixels: page, width: 200, height: 300)
      Issue.record("a blank page was accepted")
    } catch {
      #expect("\(error)".contains("blank"), "\(error)")
    }
    #expect(throws: GlyphLabError.self) { try detector.detect(pixels: page, width: 199, height: 300) }
    var wrong = detector
    wrong.channels = 24
    #expect(throws: GlyphLabError.self) { try wrong.network() }
    var bad = detector
    bad.threshold = 1
    #expect(throws: GlyphLabError.self) { try bad.detect(pixels: page, width: 200, height: 300) }
    #expect(throws: GlyphLabError.self) { try Self.quick.train(Self.small, pages: [], seed: 1) }
    var badTrainer = Self.quick
    badTrainer.crop = 30
    #expect(throws: GlyphLabError.self) {
      try badTrainer.train(
        Self.small, pages: [CenterNetTrainingPage(pixels: page, width: 200, height: 300, boxes: [])], seed: 1)
    }
  }
}
