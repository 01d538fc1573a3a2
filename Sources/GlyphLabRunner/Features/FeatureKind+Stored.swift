import GlyphLabConfig
import GlyphLabStrategies

extension FeatureKind {
  /// `stored`: a `/features/<name>` matrix of the dataset (embeddings from an outside
  /// model, imported with `glyphlab datasets import features`).
  public static let stored = FeatureKind(
    name: "stored", doc: "a /features/<features.name> matrix stored in the dataset",
    parameters: [
      ParameterDefinition("features.name", .string, default: .string(""), doc: "the /features/<name> matrix (stored)")
    ],
    readsImages: false,
    validate: { p in
      guard !(try p.string("features.name")).isEmpty else {
        throw p.error("features.name", "features.kind is stored, so name the /features matrix")
      }
    },
    check: { context in
      let name = try context.parameters.string("features.name")
      let known = try context.reader.featureNames()
      guard known.contains(name) else {
        throw context.parameters.error(
          "features.name",
          "\(context.datasetPath) has no /features/\(name)"
            + (known.isEmpty
              ? " (it has no stored features; add some with `glyphlab datasets import features`)"
              : " (it has: \(known.joined(separator: ", "))\(NameSuggestion.clause(for: name, among: known)))"))
      }
    },
    make: { context in
      let name = try context.parameters.string("features.name")
      return try PrecomputedFeatures(try context.reader.features(name), name: "features/\(name)")
    })
}
