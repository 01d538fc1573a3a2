import GlyphLabCore

/// The few-shot classifiers an experiment can name, as a typed choice: the spec's
/// `classifier.name` (pipeline) or `fewshot.methods` (few-shot episodes) are raw values, and
/// ``make(_:)`` builds the classifier.
///
/// The SimpleShot variants (Wang et al. 2019) are nearest-prototype classification with
/// squared Euclidean distances after a feature transform: UN (none), L2N (rows scaled to
/// unit length) and CL2N (rows centred on the support mean, then L2N).
public enum FewShotMethod: String, Sendable, CaseIterable, Codable {
  /// Nearest class mean under ``Options/metric`` (``PrototypeClassifier``).
  case prototype
  /// Several k-means prototypes per class (``MultiPrototypeClassifier``).
  case multiPrototype = "multi-prototype"
  /// k nearest neighbours under ``Options/metric`` (``KNearestNeighborsClassifier``).
  case knn
  /// SimpleShot UN: nearest prototype, squared Euclidean, raw features.
  case simpleShotUN = "simpleshot-un"
  /// SimpleShot L2N: nearest prototype on L2-normalised features.
  case simpleShotL2N = "simpleshot-l2n"
  /// SimpleShot CL2N: nearest prototype on support-centred, L2-normalised features.
  case simpleShotCL2N = "simpleshot-cl2n"
  /// Multinomial logistic regression (``LogisticRegressionClassifier``).
  case logisticRegression = "logistic-regression"
  /// Transductive label propagation over support and queries (``LabelPropagationClassifier``).
  case labelPropagation = "label-propagation"

  /// The values the classifiers read; each uses only its own.
  public struct Options: Sendable, Equatable {
    /// Neighbours for kNN (default 1).
    public var k: Int = 1
    /// Distance for prototype, multi-prototype, kNN and label propagation (default cosine).
    public var metric: DistanceMetric = .cosine
    /// How kNN turns its neighbours into probabilities (default votes).
    public var probabilities: KNearestNeighborsClassifier.Probabilities = .votes
    /// The softmax temperature of kNN's distance probabilities (default 0.05).
    public var temperature: Double = 0.05
    /// Learn within-class whitening (WCCN) from the support rows first (default false):
    /// a classifier concern, since it needs labels.
    public var whitening: Bool = false
    /// The whitening's shrinkage (default 0.1).
    public var shrinkage: Double = 0.1
    /// Seed for the methods that draw (multi-prototype).
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}
  }

  /// The configured classifier.
  public func make(_ options: Options) -> any FewShotClassifier {
    let base: any FewShotClassifier
    switch self {
    case .prototype: base = PrototypeClassifier(metric: options.metric)
    case .multiPrototype: base = MultiPrototypeClassifier(metric: options.metric, seed: options.seed)
    case .knn:
      base = KNearestNeighborsClassifier(
        k: options.k, metric: options.metric, probabilities: options.probabilities,
        temperature: options.temperature)
    case .simpleShotUN: base = PrototypeClassifier(metric: .squaredEuclidean)
    case .simpleShotL2N: base = PrototypeClassifier(metric: .squaredEuclidean).transformed(by: .l2Normalized)
    case .simpleShotCL2N: base = SupportCenteredClassifier(PrototypeClassifier(metric: .squaredEuclidean))
    case .logisticRegression: base = LogisticRegressionClassifier()
    case .labelPropagation: base = LabelPropagationClassifier(metric: options.metric)
    }
    return options.whitening ? WhitenedClassifier(base, shrinkage: options.shrinkage) : base
  }
}
