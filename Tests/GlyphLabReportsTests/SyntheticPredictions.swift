/// A run's `predictions/` group in a synthetic log, and the `/datasets/<key>` it refers to.
struct SyntheticPredictions {
  var labels: [Int32]
  var touched: [UInt8]
  var settledRound: [Int32]
  /// `/datasets/<key>`.
  var dataset: String
  /// `errors/`: glyph indices, exemplar indices, and the H×W images of both.
  var errorIndices: [Int] = []
  var exemplars: [Int] = []
  var imageSide = 8
  var images: [UInt8] = []
  var exemplarImages: [UInt8] = []
}

/// A `/datasets/<key>` group: labels, class names and groups.
struct SyntheticDataset {
  var key: String
  var truth: [Int32]
  var classNames: [String]
  var groups: [(name: String, values: [Int32], names: [String])]
}
