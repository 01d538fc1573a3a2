import GlyphLabStrategies

extension FeatureKind {
  /// `hog`: histograms of oriented gradients as scikit-image computes them.
  public static let hog = FeatureKind(
    name: "hog", doc: "histograms of oriented gradients (scikit-image's hog, L2-Hys)",
    parameters: [
      ParameterDefinition("features.hog_cell", .int(2...64), default: .int(6), doc: "HOG cell size in pixels (hog)"),
      ParameterDefinition("features.hog_block", .int(1...8), default: .int(2), doc: "HOG block size in cells (hog)"),
      ParameterDefinition(
        "features.hog_orientations", .int(1...180), default: .int(9), doc: "HOG orientation bins (hog)"),
    ],
    make: { context in
      let p = context.parameters
      return HOGFeatures(
        orientations: try p.int("features.hog_orientations"), cellSize: try p.int("features.hog_cell"),
        blockSize: try p.int("features.hog_block"))
    })
}
