import GlyphLabCore
import GlyphLabDatasets
import GlyphLabPipeline
import GlyphLabRunLog

extension PipelineExperimentKind {
  /// The most misrecognition pairs (true class, class given) a run stores images of.
  static let errorSamplePairs = 24

  /// Records what the per-glyph analyses need: the label floor's scalars always, and with
  /// `log_predictions` every glyph's final label, whether a person settled it and in which
  /// round, the dataset's labels, class names and groups (once per log), and images of the
  /// commonest errors.
  ///
  /// `covered` are the classes references label without people (they need no typing at the
  /// floor).
  func recordGlyphs(_ result: PipelineResult, recorder: RunRecorder, covered: Set<Int32> = []) throws {
    let reader = try GlyphDatasetReader(path: datasetPath)
    let n = result.finalLabels.count
    let truth = Array(try reader.labels().prefix(n))
    let floor = try LabelFloor(
      truth: truth, target: experiment.pipeline.target, covered: covered, costs: experiment.costs)
    try recorder.setScalar("label_floor_efficiency", floor.efficiency)
    try recorder.setScalar("label_floor_seconds", floor.seconds)
    try recorder.setInteger("label_floor_typed_classes", floor.typedClasses)
    try recorder.setInteger("label_floor_uncovered_classes", floor.uncoveredClasses)
    if !covered.isEmpty {
      // The floor a pipeline without references has: one typed label per class.
      let typed = try LabelFloor(truth: truth, target: experiment.pipeline.target, costs: experiment.costs)
      try recorder.setScalar("label_floor_efficiency_without_references", typed.efficiency)
    }
    guard recorder.wantsPredictions else { return }
    try recorder.setPredictions(labels: result.finalLabels, touched: result.touched, settledRound: result.settledRound)
    let groups = try reader.groupNames().map { name in
      let group = try reader.group(name)
      return LoggedDataset.Group(name: name, values: Array(group.values.prefix(n)), names: group.names)
    }
    try recorder.setDataset(
      LoggedDataset(path: datasetPath, truth: truth, classNames: try reader.classes(), groups: groups))
    try recorder.setErrorSample(try Self.errorSample(truth: truth, predicted: result.finalLabels, reader: reader))
  }

  /// One glyph for each of the commonest (true, given) pairs among the wrong final labels,
  /// with a glyph of the given class beside it; pairs by count, then by class indices.
  static func errorSample(truth: [Int32], predicted: [Int32], reader: GlyphDatasetReader) throws -> ErrorSample {
    var pairCounts: [Int64: (count: Int, first: Int)] = [:]
    func pairKey(_ t: Int32, _ p: Int32) -> Int64 { Int64(t) << 32 | Int64(UInt32(bitPattern: p)) }
    for g in truth.indices where predicted[g] >= 0 && predicted[g] != truth[g] {
      let key = pairKey(truth[g], predicted[g])
      if let entry = pairCounts[key] {
        pairCounts[key] = (entry.count + 1, entry.first)
      } else {
        pairCounts[key] = (1, g)
      }
    }
    let chosen = pairCounts.sorted { a, b in
      a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
    }
    .prefix(errorSamplePairs).map(\.value.first)
    var firstOfClass: [Int32: Int] = [:]
    for (g, label) in truth.enumerated() where firstOfClass[label] == nil { firstOfClass[label] = g }
    let exemplars = chosen.map { firstOfClass[predicted[$0]] ?? -1 }
    let size = reader.height * reader.width
    var images: [UInt8] = []
    var exemplarImages: [UInt8] = []
    for (g, e) in zip(chosen, exemplars) {
      images += try reader.images(g..<(g + 1)).pixels
      exemplarImages += e >= 0 ? try reader.images(e..<(e + 1)).pixels : [UInt8](repeating: 0, count: size)
    }
    return try ErrorSample(
      indices: chosen, exemplars: exemplars,
      images: try GlyphImages(count: chosen.count, height: reader.height, width: reader.width, pixels: images),
      exemplarImages: try GlyphImages(
        count: chosen.count, height: reader.height, width: reader.width, pixels: exemplarImages))
  }
}
