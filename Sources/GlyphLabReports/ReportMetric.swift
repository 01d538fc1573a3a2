/// How a report names, formats and ranks one scalar of the run log.
public struct ReportMetric: Sendable, Hashable {
  /// How values are shown.
  public enum Unit: Sendable, Hashable {
    /// A fraction shown as a percentage with two decimals (differences in percentage points).
    case percent
    /// A count (labels, rounds), one decimal since it may be interpolated.
    case count
    /// Seconds of modelled annotation cost, shown in the report's ``CostUnit``.
    case cost
    /// A ratio, two decimals, "×".
    case times
    /// A score in [0, 1] with three decimals (AUBC, ARI, NMI).
    case score
    /// Glyphs per second, a whole number with thousands separators.
    case rate
    /// Seconds of wall time, one decimal.
    case seconds
    /// Anything else: four significant digits.
    case plain
  }

  /// Which way is better, for bold "best" cells.
  public enum Direction: Sendable, Hashable {
    /// Larger values are better (accuracy, efficiency).
    case higher
    /// Smaller values are better (labels or cost to the target).
    case lower
    /// Neither (counts that describe a run rather than rank it).
    case neither
  }

  /// The attribute name in the run log.
  public var key: String
  /// The column title.
  public var title: String
  /// How values are shown.
  public var unit: Unit
  /// Which way is better.
  public var direction: Direction
  /// Whether NaN means "the target was not reached" (rather than a missing value).
  public var nanMeansNotReached: Bool

  /// Creates a metric description.
  public init(key: String, title: String, unit: Unit, direction: Direction, nanMeansNotReached: Bool = false) {
    self.key = key
    self.title = title
    self.unit = unit
    self.direction = direction
    self.nanMeansNotReached = nanMeansNotReached
  }

  /// The metrics GlyphLab's runners write, in the order reports show them.
  public static let known: [ReportMetric] = [
    ReportMetric(key: "final_accuracy", title: "Accuracy", unit: .percent, direction: .higher),
    ReportMetric(key: "efficiency", title: "Efficiency", unit: .times, direction: .higher, nanMeansNotReached: true),
    ReportMetric(key: "label_floor_efficiency", title: "Label-floor efficiency", unit: .times, direction: .neither),
    ReportMetric(
      key: "labels_to_target", title: "Labels to target", unit: .count, direction: .lower, nanMeansNotReached: true),
    ReportMetric(
      key: "cost_to_target", title: "Cost to target", unit: .cost, direction: .lower, nanMeansNotReached: true),
    ReportMetric(key: "aubc_cost", title: "AUBC (cost)", unit: .score, direction: .higher),
    ReportMetric(key: "aubc_labels", title: "AUBC (labels)", unit: .score, direction: .higher),
    ReportMetric(key: "final_macro_accuracy", title: "Macro accuracy", unit: .percent, direction: .higher),
    ReportMetric(key: "final_machine_accuracy", title: "Machine accuracy", unit: .percent, direction: .higher),
    ReportMetric(key: "ari", title: "ARI", unit: .score, direction: .higher),
    ReportMetric(key: "ami", title: "AMI", unit: .score, direction: .higher),
    ReportMetric(key: "nmi", title: "NMI", unit: .score, direction: .higher),
    ReportMetric(key: "total_labels", title: "Labels", unit: .count, direction: .neither),
    ReportMetric(key: "rounds", title: "Rounds", unit: .count, direction: .neither),
    ReportMetric(key: "total_cost", title: "Total cost", unit: .cost, direction: .neither),
    ReportMetric(key: "manual_cost", title: "Manual-entry cost", unit: .cost, direction: .neither),
    ReportMetric(key: "label_floor_seconds", title: "Label-floor cost", unit: .cost, direction: .neither),
    ReportMetric(
      key: "label_floor_typed_classes", title: "Label-floor typed classes", unit: .count, direction: .neither),
    ReportMetric(
      key: "label_floor_uncovered_classes", title: "Label-floor uncovered classes", unit: .count, direction: .neither),
    ReportMetric(key: "wall_seconds", title: "Wall time", unit: .seconds, direction: .lower),
  ]

  /// The metrics a results table leads with, when the log has them.
  static let headlineKeys = ["final_accuracy", "efficiency", "labels_to_target", "cost_to_target", "aubc_cost"]
  /// The headline metrics of kinds without accuracy (clustering).
  static let clusteringKeys = ["ari", "ami", "nmi"]
  /// The metrics the ablation bar charts show, when present.
  static let ablationChartKeys = ["final_accuracy", "efficiency", "aubc_cost", "ari", "nmi"]

  /// The description of scalar `key`: a known metric, a throughput phase, or a plain one.
  public static func named(_ key: String) -> ReportMetric {
    if let metric = known.first(where: { $0.key == key }) { return metric }
    if key.hasPrefix("throughput_") {
      let phase = String(key.dropFirst("throughput_".count))
      return ReportMetric(key: key, title: phase, unit: .rate, direction: .higher)
    }
    return ReportMetric(key: key, title: key, unit: .plain, direction: .neither)
  }

  /// The title inside a sentence: "accuracy", but "AUBC (cost)" keeps its capitals.
  public var titleInSentence: String {
    let characters = Array(title)
    guard characters.count > 1, characters[0].isUppercase, characters[1].isLowercase else { return title }
    return characters[0].lowercased() + String(characters.dropFirst())
  }

  /// Whether this is a throughput phase (`throughput_<phase>`, glyphs/s).
  public var isThroughput: Bool { key.hasPrefix("throughput_") }

  /// Sorts metric keys: known metrics in catalogue order, then the rest by name.
  static func ordered(_ keys: Set<String>) -> [ReportMetric] {
    let knownKeys = known.map(\.key)
    let first = knownKeys.filter { keys.contains($0) }
    let throughput = ["throughput_features", "throughput_cluster", "throughput_fit_predict"]
    let rest = keys.subtracting(knownKeys).sorted { a, b in
      let ia = throughput.firstIndex(of: a) ?? throughput.count
      let ib = throughput.firstIndex(of: b) ?? throughput.count
      return ia != ib ? ia < ib : a < b
    }
    return (first + rest).map(named)
  }
}
