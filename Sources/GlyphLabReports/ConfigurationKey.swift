/// What makes runs the same configuration: the same sweep point and the same ablation
/// setting. Runs that share a key differ only in their seed.
public struct ConfigurationKey: Sendable, Hashable, Comparable {
  /// The swept keys and values, sorted by key.
  public var sweep: [JSONMember]
  /// `""`, `base`, or an ablation component's name.
  public var ablation: String

  /// Creates a key.
  public init(sweep: [JSONMember], ablation: String) {
    self.sweep = sweep.sorted { $0.key < $1.key }
    self.ablation = ablation
  }

  /// Whether this is a base configuration (no ablation component switched).
  public var isBase: Bool { ablation.isEmpty || ablation == "base" }

  /// The same sweep point with the base ablation setting.
  public var base: ConfigurationKey {
    ConfigurationKey(sweep: sweep, ablation: ablation.isEmpty ? "" : "base")
  }

  /// The value of swept key `axis`, if this configuration sets it.
  public func value(of axis: String) -> JSONValue? { sweep.first { $0.key == axis }?.value }

  /// `key=value, key=value` of the sweep point, or "all runs" when nothing is swept.
  public var sweepLabel: String {
    sweep.isEmpty ? "all runs" : sweep.map { "\($0.key)=\($0.value.text)" }.joined(separator: ", ")
  }

  /// The sweep label, followed by the ablation component when one is switched.
  public var label: String {
    isBase ? sweepLabel : "\(sweepLabel); ablation: \(ablation)"
  }

  /// Orders by the sweep values (key by key), then base before components, then by name.
  public static func < (lhs: ConfigurationKey, rhs: ConfigurationKey) -> Bool {
    let keys = Set(lhs.sweep.map(\.key)).union(rhs.sweep.map(\.key)).sorted()
    for key in keys {
      let a = lhs.value(of: key)
      let b = rhs.value(of: key)
      if a == b { continue }
      guard let a else { return true }
      guard let b else { return false }
      return a < b
    }
    if lhs.isBase != rhs.isBase { return lhs.isBase }
    return lhs.ablation < rhs.ablation
  }
}
