import GlyphLabDetection

extension DetectionExperimentKind {
  /// Records the scores pooled over every page, shared by runs on dataset pages and
  /// detect-only runs: precision, recall, F1, the IoU quantiles, the detection time and the
  /// box, match, merge and split counts.
  static func recordPooled(
    _ overall: DetectionEvaluation, seconds: Double, pages: Int, into recorder: RunRecorder
  ) throws {
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
    try recorder.setInteger("pages", pages)
  }
}
