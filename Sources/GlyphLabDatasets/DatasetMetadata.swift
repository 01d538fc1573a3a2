/// What a dataset is and where it came from: the root attributes `name`, `source`,
/// `license` and `description` of a dataset file.
public struct DatasetMetadata: Sendable, Equatable, Codable {
  /// A short name, e.g. "oracle-mnist-test".
  public var name: String
  /// Where the data came from: a URL, a citation, or the generator and its settings.
  public var source: String
  /// The licence the data is under, e.g. "Apache-2.0", or "unknown".
  public var license: String
  /// Free text; "" when there is none (then the attribute is not written).
  public var description: String

  /// Metadata with `description` defaulting to "".
  public init(name: String, source: String, license: String, description: String = "") {
    self.name = name
    self.source = source
    self.license = license
    self.description = description
  }
}
