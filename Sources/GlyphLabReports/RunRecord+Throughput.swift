import Foundation

extension RunRecord {
  /// The run's throughput of phase metric `key` (`throughput_<phase>`, glyphs/s), or nil when
  /// the phase did no work: not recorded, not a positive finite number, or (for
  /// `throughput_features`) features read precomputed from the dataset (`features.kind` =
  /// `dataset`), whose "throughput" only times reading a matrix.
  public func throughput(_ key: String) -> Double? {
    guard let value = scalars[key], value.isFinite, value > 0 else { return nil }
    if key == "throughput_features",
      case .string("dataset")? = parameters.first(where: { $0.key == "features.kind" })?.value
    {
      return nil
    }
    return value
  }
}
