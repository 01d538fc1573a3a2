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
    try recorder.setScalar("precision", overall.precision)
    try recorder.setScalar("recall", overall.recall)
    try recorder.setScalar("f1", overall.f1)
    try recorder.setScalar("iou_median", overall.quantile(0.5) ?? .nan)
    try recorder.setScalar("iou_p05", overall.quantile(0.05) ?? .nan)
    try recorder.setScalar("iou_p25", overall.quantile(0.25) ?? .nan)
    try recorder.setScalar("iou_p75", overall.quantile(0.75) ?? .nan)
    try recorder.setScalar("detect_seconds", seconds)
    try recorder.setInteger("truth_boxes", overall.truth)
    try recorder.setInteger("detected_boxes", overall.detected)
    try recorder.setInteger("matched", overall.matched)
    try recorder.setInteger("merged", overall.merged)
    try recorder.setInteger("split", overall.split)
    try recorder.setInteger("pages", pages.count)
  }
}
