extension FewShotClassifier {
  /// This classifier behind `transform`: `PrototypeClassifier().transformed(by: .l2Normalized)`.
  public func transformed(by transform: FeatureTransform) -> TransformedClassifier<Self> {
    TransformedClassifier(self, transform: transform)
  }
}
