import GlyphLabCore
import GlyphLabDetection
import Testing

@Suite("Detection evaluation")
struct DetectionEvaluationTests {
  @Test func intersectionOverUnionOfHandMadeBoxes() {
    let a = PixelBox(x: 0, y: 0, width: 10, height: 10)
    // Half overlapping: 50 shared pixels of 150.
    #expect(a.intersectionOverUnion(PixelBox(x: 5, y: 0, width: 10, height: 10)) == 50.0 / 150)
    // Nested: 4×4 inside 10×10.
    #expect(a.intersectionOverUnion(PixelBox(x: 3, y: 3, width: 4, height: 4)) == 16.0 / 100)
    // Touching edges share no pixel.
    #expect(a.intersectionOverUnion(PixelBox(x: 10, y: 0, width: 5, height: 5)) == 0)
    #expect(a.intersectionOverUnion(a) == 1)
    // Corner overlap 3×2 = 6 of 100 + 20 − 6.
    #expect(a.intersectionOverUnion(PixelBox(x: 7, y: 8, width: 5, height: 4)) == 6.0 / 114)
    #expect(
      PixelBox(x: 0, y: 0, width: 0, height: 0).intersectionOverUnion(PixelBox(x: 0, y: 0, width: 0, height: 0)) == 0)
    #expect(a.union(PixelBox(x: 20, y: -5, width: 1, height: 1)) == PixelBox(x: 0, y: -5, width: 21, height: 15))
  }

  @Test func greedyOneToOneMatching() throws {
    let truth = [
      PixelBox(x: 0, y: 0, width: 10, height: 10),  // t0
      PixelBox(x: 0, y: 20, width: 10, height: 10),  // t1
      PixelBox(x: 0, y: 40, width: 10, height: 10),  // t2: missed
    ]
    let detections = [
      PixelBox(x: 1, y: 0, width: 10, height: 10),  // d0: t0 at 90/110
      PixelBox(x: 0, y: 0, width: 10, height: 9),  // d1: t0 at 90/100 — better, takes t0
      PixelBox(x: 0, y: 21, width: 10, height: 10),  // d2: t1 at 90/110
      PixelBox(x: 100, y: 100, width: 5, height: 5),  // d3: nothing
    ]
    let e = try DetectionEvaluation(detections: detections, truth: truth)
    // d1–t0 (0.9) and d2–t1 (0.818) match; d0 loses t0 to d1: one-to-one.
    #expect(e.matched == 2)
    #expect(e.detected == 4 && e.truth == 3)
    #expect(e.precision == 0.5)
    #expect(e.recall == 2.0 / 3)
    #expect(abs(e.f1 - 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3)) < 1e-15)
    #expect(e.matchedIoUs == [0.9, 90.0 / 110])
    #expect(e.bestIoUs == [0.9, 90.0 / 110, 0])
    #expect(e.falsePositives == 2 && e.misses == 1)
    // Below the threshold nothing matches.
    let strict = try DetectionEvaluation(detections: detections, truth: truth, iouThreshold: 0.95)
    #expect(strict.matched == 0)
    #expect(throws: GlyphLabError.self) { try DetectionEvaluation(detections: [], truth: [], iouThreshold: 0) }
  }

  @Test func emptySetConventions() throws {
    let nothing = try DetectionEvaluation(detections: [], truth: [])
    #expect(nothing.precision == 1 && nothing.recall == 1 && nothing.f1 == 1)
    let box = PixelBox(x: 0, y: 0, width: 4, height: 4)
    let missed = try DetectionEvaluation(detections: [], truth: [box])
    #expect(missed.precision == 1 && missed.recall == 0 && missed.f1 == 0)
    let spurious = try DetectionEvaluation(detections: [box], truth: [])
    #expect(spurious.precision == 0 && spurious.recall == 1 && spurious.f1 == 0)
    #expect(nothing.quantile(0.5) == nil)
  }

  @Test func poolingAddsCountsAndIoUs() throws {
    let a = try DetectionEvaluation(
      detections: [PixelBox(x: 0, y: 0, width: 10, height: 10)], truth: [PixelBox(x: 0, y: 0, width: 10, height: 10)])
    let b = try DetectionEvaluation(detections: [], truth: [PixelBox(x: 0, y: 0, width: 3, height: 3)])
    let total = DetectionEvaluation().adding(a).adding(b)
    #expect(total.detected == 1 && total.truth == 2 && total.matched == 1)
    #expect(total.bestIoUs == [1, 0])
    #expect(total.recall == 0.5 && total.precision == 1)
  }

  @Test func quantilesAndHistogram() {
    // NumPy: np.quantile([0.1, 0.4, 0.5, 0.95, 1.0], q) with linear interpolation:
    // q = 0.5 → 0.5; q = 0.25 → 0.4; q = 0.1 → 0.1 + 0.4 × 0.3 = 0.22; q = 0.9 → 0.95 + 0.6 × 0.05 = 0.98.
    let values = [0.95, 0.1, 1.0, 0.5, 0.4]
    #expect(DetectionEvaluation.quantile(values, 0.5) == 0.5)
    #expect(DetectionEvaluation.quantile(values, 0.25) == 0.4)
    #expect(abs((DetectionEvaluation.quantile(values, 0.1) ?? 0) - 0.22) < 1e-12)
    #expect(abs((DetectionEvaluation.quantile(values, 0.9) ?? 0) - 0.98) < 1e-12)
    #expect(DetectionEvaluation.quantile(values, 0) == 0.1)
    #expect(DetectionEvaluation.quantile(values, 1) == 1.0)
    #expect(DetectionEvaluation.quantile([], 0.5) == nil)
  }

  @Test func histogramOfBestIoUs() throws {
    let truth = (0..<4).map { PixelBox(x: 20 * $0, y: 0, width: 10, height: 10) }
    let detections = [
      truth[0],  // 1.0 → last bin
      PixelBox(x: 20, y: 0, width: 10, height: 5),  // 0.5
      PixelBox(x: 40, y: 0, width: 10, height: 2),  // 0.2
    ]
    let e = try DetectionEvaluation(detections: detections, truth: truth)
    #expect(e.bestIoUs == [1, 0.5, 0.2, 0])
    #expect(e.histogram(bins: 10) == [1, 0, 1, 0, 0, 1, 0, 0, 0, 1])
    #expect(e.histogram(bins: 2) == [2, 2])
  }
}
