import GlyphLabPipeline

/// The `costs.*` keys, defined once for every kind that prices people's work: each is one
/// field of ``AnnotationCostModel`` (seconds per action). A kind declares the keys it uses
/// (``definitions(_:)``) and reads them into a model (``model(_:keys:)``); the others keep
/// the standard model's values.
enum CostParameters {
  /// Each key, its definition, and the model field it sets.
  static var table: [(definition: ParameterDefinition, field: WritableKeyPath<AnnotationCostModel, Double>)] {
    [
      (
        ParameterDefinition("costs.type", .double(0...3600), default: .double(4), doc: "seconds to type one label"),
        \.typeSeconds
      ),
      (
        ParameterDefinition(
          "costs.confirm", .double(0...3600), default: .double(1), doc: "seconds to confirm a suggestion"),
        \.confirmSeconds
      ),
      (
        ParameterDefinition(
          "costs.correct_look", .double(0...3600), default: .double(1),
          doc: "seconds to reject a suggestion before typing"),
        \.correctLookSeconds
      ),
      (
        ParameterDefinition(
          "costs.cluster_base", .double(0...3600), default: .double(2), doc: "seconds to take in a grid"),
        \.clusterBaseSeconds
      ),
      (
        ParameterDefinition(
          "costs.cluster_per_glyph", .double(0...3600), default: .double(0.25), doc: "seconds per glyph of a grid"),
        \.clusterPerGlyphSeconds
      ),
      (
        ParameterDefinition(
          "costs.mark_wrong", .double(0...3600), default: .double(1), doc: "seconds to mark one wrong grid member"),
        \.markWrongSeconds
      ),
    ]
  }

  /// Every key.
  static var allKeys: [String] { table.map(\.definition.key) }

  /// The definitions of `keys`, in table order.
  static func definitions(_ keys: [String]) -> [ParameterDefinition] {
    table.map(\.definition).filter { keys.contains($0.key) }
  }

  /// The standard model with `keys` read from `p`.
  static func model(_ p: ResolvedParameters, keys: [String]) throws -> AnnotationCostModel {
    var costs = AnnotationCostModel.standard
    for (definition, field) in table where keys.contains(definition.key) {
      costs[keyPath: field] = try p.double(definition.key)
    }
    return costs
  }
}
