/// A run as the log identifies it: the attributes every `/runs/<id>` group carries (`params`,
/// `seed`, `index`, `sweep`, `ablation` and one `p.<key>` per parameter). The runner makes one
/// from each planned run; any other library that writes runs makes its own.
public struct LoggedRun: Sendable, Equatable {
  /// The stable run id (the group's name; must be a valid HDF5 name, without "/").
  public var id: String
  /// Its position in the experiment's expansion order.
  public var index: Int
  /// The run's seed.
  public var seed: UInt64
  /// The resolved parameters, by dotted key.
  public var parameters: [String: ParameterValue]
  /// The swept values as a canonical JSON object (`{}` without a sweep).
  public var sweepJSON: String
  /// `base`, an ablation component, or "".
  public var ablation: String

  /// A run.
  public init(
    id: String, index: Int, seed: UInt64, parameters: [String: ParameterValue], sweepJSON: String = "{}",
    ablation: String = ""
  ) {
    self.id = id
    self.index = index
    self.seed = seed
    self.parameters = parameters
    self.sweepJSON = sweepJSON
    self.ablation = ablation
  }

  /// The parameters as canonical JSON (the `params` attribute).
  public var parametersJSON: String { CanonicalJSON.object(parameters) }
}
