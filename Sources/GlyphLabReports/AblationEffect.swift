/// One ablation component's effect at one sweep point: each metric's paired difference
/// (runs with the component switched − base runs, matched by seed).
public struct AblationEffect: Sendable, Equatable {
  /// The component's configuration.
  public var component: ConfigurationKey
  /// The base configuration it is compared with (same sweep point); nil if the log has none.
  public var base: ConfigurationKey?
  /// Paired differences by metric key.
  public var differences: [String: PairedDifference]

  /// Creates an effect.
  public init(component: ConfigurationKey, base: ConfigurationKey?, differences: [String: PairedDifference]) {
    self.component = component
    self.base = base
    self.differences = differences
  }
}
