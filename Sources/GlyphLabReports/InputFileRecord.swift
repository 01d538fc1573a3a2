/// One input file's fingerprint as the run log's `inputs` attribute records it
/// (`docs/run-log.md`): what the runs read, so a reader can tell which data made the numbers.
public struct InputFileRecord: Sendable, Equatable, Decodable {
  /// The path as the spec gave it.
  public var path: String
  /// Its size in bytes.
  public var size: Int
  /// Its modification time, ISO 8601 UTC.
  public var modified: String
  /// SHA-256 of its content (every HDF5 dataset in it, or its bytes).
  public var sha256: String
  /// The HDF5 datasets hashed; empty for a file hashed whole.
  public var datasets: [String]

  /// A record.
  public init(path: String, size: Int, modified: String, sha256: String, datasets: [String] = []) {
    self.path = path
    self.size = size
    self.modified = modified
    self.sha256 = sha256
    self.datasets = datasets
  }
}
