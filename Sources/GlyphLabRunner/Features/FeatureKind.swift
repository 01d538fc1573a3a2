import GlyphLabDatasets
import GlyphLabStrategies

/// One way of turning a dataset's glyphs into feature vectors that specs can name with
/// `features.kind`: pixels, HOG, a stored `/features/<name>` matrix, … Every experiment kind
/// builds its features through ``FeatureSpec`` and ``FeatureBuilder``, which look the kind
/// up in ``FeatureKindRegistry``, so a new kind is one file defining a `FeatureKind` and one
/// line registering it.
///
/// A kind declares its own parameters (full dotted keys under `features.`, e.g.
/// `features.hog_cell`); they join the schema of every experiment kind. Its factory turns
/// the resolved parameters (and the open dataset) into a ``FeatureExtractor``, which the
/// builder fits on a seeded sample, follows with the shared stages (PCA, whitening,
/// normalisation) and applies to every glyph.
public struct FeatureKind: Sendable {
  /// What a factory gets: the run's parameters and the open dataset.
  public struct Context {
    /// Every parameter of the run (a kind reads its own `features.*` keys).
    public let parameters: ResolvedParameters
    /// The dataset the features are for.
    public let reader: GlyphDatasetReader
    /// The dataset's path as the spec gave it.
    public let datasetPath: String
  }

  /// The name specs use, e.g. "hog".
  public let name: String
  /// One line for the docs and `--list-parameters`.
  public let doc: String
  /// The kind's own parameters (keys `features.<name>`); shared keys (`features.kind`,
  /// `features.pca`, …) are ``FeatureSpec``'s.
  public let parameters: [ParameterDefinition]
  /// Whether the extractor reads the glyph images (false for stored features, which are
  /// looked up by dataset row).
  public let readsImages: Bool
  /// Checks the parameters when the spec is read (cheap, no file access); throws
  /// ``ResolvedParameters/error(_:_:)`` naming the key.
  public let validate: @Sendable (ResolvedParameters) throws -> Void
  /// Checks the kind against the open dataset (e.g. that a stored matrix exists), for
  /// `--dry-run` and before the first run.
  public let check: @Sendable (Context) throws -> Void
  /// Builds the extractor.
  public let make: @Sendable (Context) throws -> any FeatureExtractor
  /// What the features depend on beyond the `features.*` values, for the cache key: e.g. a
  /// weights file's size and modification time, so retrained weights at the same path are
  /// not served from the cache. Default: nothing more.
  public let cacheIdentity: @Sendable (ResolvedParameters) -> String
  /// For a kind whose features are worth keeping on disk (costly, stateless, a modest
  /// number of columns: a trained encoder's embeddings), how (``DiskCaching``); nil (the
  /// default) for kinds computed afresh in every process.
  public let diskCaching: (@Sendable (ResolvedParameters) throws -> DiskCaching)?

  /// What an on-disk ``FeatureCache`` of a kind's features needs to know.
  public struct DiskCaching: Sendable {
    /// The files the features depend on besides the dataset (e.g. the weights), whose
    /// content hashes join the cache's identity.
    public var files: [String]
    /// The extractor's batch: blocks and shards start at multiples of it, so every glyph is
    /// computed in the same batch as in memory and the cached rows equal those bit for bit
    /// (a network's output can differ in the last bits with the batch it ran in).
    public var rowAlignment: Int

    /// Caching described by its files and batch.
    public init(files: [String], rowAlignment: Int) {
      self.files = files
      self.rowAlignment = max(1, rowAlignment)
    }
  }

  /// Creates a kind; see the properties.
  public init(
    name: String, doc: String, parameters: [ParameterDefinition] = [], readsImages: Bool = true,
    validate: @escaping @Sendable (ResolvedParameters) throws -> Void = { _ in },
    check: @escaping @Sendable (Context) throws -> Void = { _ in },
    cacheIdentity: @escaping @Sendable (ResolvedParameters) -> String = { _ in "" },
    diskCaching: (@Sendable (ResolvedParameters) throws -> DiskCaching)? = nil,
    make: @escaping @Sendable (Context) throws -> any FeatureExtractor
  ) {
    self.name = name
    self.doc = doc
    self.parameters = parameters
    self.readsImages = readsImages
    self.validate = validate
    self.check = check
    self.make = make
    self.cacheIdentity = cacheIdentity
    self.diskCaching = diskCaching
  }
}
