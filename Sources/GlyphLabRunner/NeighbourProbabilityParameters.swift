import GlyphLabStrategies

/// The kNN classifier's probability keys (``KNearestNeighborsClassifier/Probabilities``),
/// shared by the experiment kinds that fit a few-shot classifier. Both keys came after logs
/// were written, so at their defaults they stay out of run ids.
enum NeighbourProbabilityParameters {
  static let definitions: [ParameterDefinition] = [
    ParameterDefinition(
      "classifier.probabilities", .choice(of: KNearestNeighborsClassifier.Probabilities.self),
      default: .string("votes"),
      doc: "knn: vote shares, or a softmax over each class's nearest distance among the k neighbours "
        + "(k > 1 for margin or entropy sampling to rank anything)",
      neutralDefault: true),
    ParameterDefinition(
      "classifier.temperature", .double(1e-6...1e6), default: .double(0.05),
      doc: "knn distance probabilities: the softmax temperature, in the metric's units", neutralDefault: true),
  ]

  /// Reads both keys into `options`.
  static func read(_ p: ResolvedParameters, into options: inout FewShotMethod.Options) throws {
    options.probabilities = try p.choice("classifier.probabilities", as: KNearestNeighborsClassifier.Probabilities.self)
    options.temperature = try p.double("classifier.temperature")
  }
}
