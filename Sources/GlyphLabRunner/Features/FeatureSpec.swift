import GlyphLabConfig
import GlyphLabRunLog
import GlyphLabStrategies

/// How an experiment turns glyphs into feature vectors: one type and one set of spec keys
/// (`features.*`) for every experiment kind.
///
/// ```yaml
/// features:
///   kind: hog          # pixels | hog | stored | any registered kind (FeatureKindRegistry)
///   hog_cell: 6        # the kind's own keys: downsample (pixels), hog_* (hog), name (stored)
///   pca: 64            # then PCA to 64 components (0 = none), fitted on fit_sample glyphs
///   whiten: false      # whiten the PCA coordinates
///   normalize: false   # finally scale every row to unit L2 norm
/// ```
///
/// The base kind is fitted and followed by the shared stages in that order (kind → PCA →
/// whitening → L2), so "HOG then PCA" is `kind: hog, pca: N`. Within-class whitening needs
/// labels and is a classifier option (`classifier.whitening`), not a feature stage.
/// ``FeatureBuilder`` builds and caches the features.
public struct FeatureSpec: Sendable, Equatable {
  /// The kind's name.
  public var kind: String
  /// PCA components (0 = no PCA).
  public var pca: Int
  /// Whiten the PCA coordinates.
  public var whiten: Bool
  /// Glyphs PCA is fitted on (a seeded sample when the dataset has more).
  public var fitSample: Int
  /// Scale every row to unit L2 norm last.
  public var normalize: Bool
  /// Where costly stateless features are kept between processes (``FeatureCache``).
  public var cache: CacheMode
  /// Every `features.*` value but `features.cache` (which never changes the features),
  /// canonical JSON: the spec's part of the cache key.
  public var identity: String

  /// `features.cache`: whether and where a kind with ``FeatureKind/diskCaching`` keeps
  /// its features on disk.
  public enum CacheMode: Sendable, Equatable {
    /// `auto` (default): in ``FeatureCache/defaultPath(dataset:features:)``, computed again
    /// (and replaced) when it no longer matches the dataset or spec, and skipped if the
    /// folder cannot be written.
    case auto
    /// `off`: computed in every process.
    case off
    /// A cache file path: used if it matches, written if missing, an error if it belongs to
    /// another dataset or spec.
    case file(String)

    init(_ text: String) {
      switch text {
      case "auto", "": self = .auto
      case "off": self = .off
      default: self = .file(text)
      }
    }
  }

  /// The shared `features.*` keys and every registered kind's own keys, with `defaults`
  /// (by full key, e.g. `"features.kind": .string("hog")`) replacing the standard defaults,
  /// so each experiment kind can start from what suits it.
  public static func parameters(defaults: [String: ParameterValue] = [:]) -> [ParameterDefinition] {
    let kinds = FeatureKindRegistry.kinds
    var definitions = [
      ParameterDefinition(
        "features.kind", .choice(kinds.map(\.name)), default: .string("pixels"),
        doc: "how glyphs become vectors: " + kinds.map { "\($0.name) (\($0.doc))" }.joined(separator: "; ")),
      ParameterDefinition(
        "features.pca", .int(0...4096), default: .int(0), doc: "PCA components after the kind (0 = none)"),
      ParameterDefinition("features.whiten", .bool, default: .bool(false), doc: "whiten the PCA coordinates"),
      ParameterDefinition(
        "features.fit_sample", .int(2...10_000_000), default: .int(20_000),
        doc: "glyphs the kind and PCA are fitted on (a sample drawn with the run's seed)"),
      ParameterDefinition(
        "features.normalize", .bool, default: .bool(false), doc: "scale each feature row to unit L2 norm last"),
      ParameterDefinition(
        "features.cache", .string, default: .string("auto"),
        doc: "costly features (encoder) kept on disk: auto (<dataset folder>/.features/), off, or a cache file; "
          + "a cache never changes the features, only whether they are computed again",
        neutralDefault: true),
    ]
    for kind in kinds {
      for definition in kind.parameters where !definitions.contains(where: { $0.key == definition.key }) {
        definitions.append(definition)
      }
    }
    return definitions.map { definition in
      var definition = definition
      if let value = defaults[definition.key] { definition.defaultValue = value }
      return definition
    }
  }

  /// The dataset keys every kind that reads glyphs shares.
  public static let datasetParameters = [
    ParameterDefinition("dataset.path", .file, default: nil, doc: "GlyphLab dataset file (.h5)"),
    ParameterDefinition(
      "dataset.limit", .int(0...Int.max), default: .int(0), doc: "use only the first N glyphs (0 = all)"),
  ]

  /// Renamed keys of earlier versions, with what to write instead (the spec reader names
  /// them in its error).
  public static let renamedKeys: [String: String] = [
    "features.source": "features.kind (pixels, hog, …), or features.kind: stored with features.name: NAME",
    "features.dataset_name": "features.name (with features.kind: stored)",
  ]

  /// Reads the `features.*` keys of a run; errors name the key.
  public init(parameters p: ResolvedParameters) throws {
    let kind = try FeatureKindRegistry.require(try p.string("features.kind"), key: "features.kind", parameters: p)
    self.kind = kind.name
    pca = try p.int("features.pca")
    whiten = try p.bool("features.whiten")
    if whiten && pca == 0 { throw p.error("features.whiten", "whitens PCA coordinates, so set features.pca too") }
    fitSample = try p.int("features.fit_sample")
    normalize = try p.bool("features.normalize")
    try kind.validate(p)
    cache = CacheMode(try p.string("features.cache"))
    identity = CanonicalJSON.object(p.values.filter { $0.key.hasPrefix("features.") && $0.key != "features.cache" })
  }

  /// The stage names after the kind, e.g. "pca64w+l2".
  public var stagesName: String {
    var parts: [String] = []
    if pca > 0 { parts.append("pca\(pca)" + (whiten ? "w" : "")) }
    if normalize { parts.append("l2") }
    return parts.joined(separator: "+")
  }
}
