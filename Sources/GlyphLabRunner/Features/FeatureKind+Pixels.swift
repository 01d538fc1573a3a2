import GlyphLabStrategies

extension FeatureKind {
  /// `pixels`: ink values in [0, 1], averaged over `features.downsample`² blocks.
  public static let pixels = FeatureKind(
    name: "pixels", doc: "ink values (0…1) averaged over downsample × downsample blocks",
    parameters: [
      ParameterDefinition(
        "features.downsample", .int(1...64), default: .int(1), doc: "average pixels over f×f blocks (pixels)")
    ],
    make: { context in PixelFeatures(downsample: try context.parameters.int("features.downsample")) })
}
