import GlyphLabCore
import GlyphLabStrategies

/// A dataset's glyphs as features, with what the experiment kinds need beside them: labels,
/// groups, class names and where the data came from. Built by ``FeatureBuilder`` and shared
/// between runs through ``ExperimentCache``.
public struct DatasetFeatures: Sendable {
  /// One group of the dataset (`/groups/<name>`): each glyph's value index (or −1) and the
  /// value names.
  public struct Group: Sendable, Equatable {
    /// The value index of each glyph used, or −1.
    public var values: [Int32]
    /// The value names.
    public var names: [String]
  }

  /// One row per glyph used.
  public var features: Matrix
  /// The label of each glyph (−1 = unknown).
  public var labels: [Int32]
  /// The class names.
  public var classNames: [String]
  /// The dataset's groups, by name.
  public var groups: [String: Group]
  /// The dataset's `name`, `source` and `license` attributes.
  public var datasetName: String
  public var source: String
  public var license: String
  /// The fitted extractor's name, e.g. "hog-o9-c6-b2+pca64".
  public var extractor: String
  /// Seconds spent fitting and extracting (including reading the images).
  public var seconds: Double
  /// The fitted extractor and whether rows are normalised after it: applied to other images
  /// of the same size (e.g. references), it puts them in the same feature space.
  public var fitted: any FittedFeatureExtractor
  public var normalized: Bool
  /// Whether the features came through an on-disk ``FeatureCache``.
  public var cache: CacheUse

  /// How the features met the on-disk cache.
  public enum CacheUse: Sendable, Equatable {
    /// Computed in memory, no cache.
    case none
    /// Computed into the cache file at the path.
    case computed(String)
    /// Read from the cache file at the path (``seconds`` is then the time to read them).
    case read(String)
  }

  /// Creates features; see the properties.
  public init(
    features: Matrix, labels: [Int32], classNames: [String], groups: [String: Group], datasetName: String,
    source: String, license: String, extractor: String, seconds: Double, fitted: any FittedFeatureExtractor,
    normalized: Bool, cache: CacheUse = .none
  ) {
    self.features = features
    self.labels = labels
    self.classNames = classNames
    self.groups = groups
    self.datasetName = datasetName
    self.source = source
    self.license = license
    self.extractor = extractor
    self.seconds = seconds
    self.fitted = fitted
    self.normalized = normalized
    self.cache = cache
  }

  /// The features of other `images` of the dataset's size in this feature space.
  public func transform(_ images: GlyphImages) throws -> Matrix {
    var x = try fitted.features(of: images, datasetRows: nil)
    if normalized { x.normalizeRows() }
    return x
  }

  /// Glyphs per second of feature building, or NaN when it took no measurable time or the
  /// features were read from a cache (that rate would be the disk's, not the extractor's).
  public var throughput: Double {
    if case .read = cache { return .nan }
    return seconds > 0 ? Double(labels.count) / seconds : .nan
  }

  /// How the features met the on-disk cache, for logs: "computed into PATH", "read from
  /// PATH", or "none".
  public var cacheDescription: String {
    switch cache {
    case .none: "none"
    case .computed(let path): "computed into \(path)"
    case .read(let path): "read from \(path)"
    }
  }

  /// Bytes held, for the cache.
  var bytes: Int { features.rows * features.columns * 4 + labels.count * 4 * (1 + groups.count) }
}
