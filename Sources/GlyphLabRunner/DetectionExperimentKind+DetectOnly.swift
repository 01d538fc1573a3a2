import Foundation
import GlyphLabDetection

extension DetectionExperimentKind {
  /// Detection alone on rendered corpus pages (`recognition.dataset` empty): one curve row
  /// per page, and the pooled precision, recall, F1, IoU quantiles and merged and split
  /// counts, as for dataset pages.
  func detectOnly(
    pages: [(pixels: [UInt8], width: Int, height: Int, boxes: [PixelBox], text: [String])],
    detector: any PageDetecting, recorder: RunRecorder
  ) throws {
    var overall = DetectionEvaluation()
    var seconds = 0.0
    for (i, page) in pages.enumerated() {
      let start = Date()
      let found = try detector.detect(pixels: page.pixels, width: page.width, height: page.height)
      seconds += Date().timeIntervalSince(start)
      let score = try DetectionEvaluation(detections: found.boxes, truth: page.boxes)
      overall = overall.adding(score)
      try recorder.appendCurveRow(
        [
          "precision": score.precision, "recall": score.recall, "f1": score.f1,
          "iou_median": score.quantile(0.5) ?? .nan,
        ],
        integers: [
          "page": i, "truth": score.truth, "detected": score.detected, "matched": score.matched,
          "merged": score.merged, "split": score.split,
        ])
    }
    try Self.recordPooled(overall, seconds: seconds, pages: pages.count, into: recorder)
  }
}
