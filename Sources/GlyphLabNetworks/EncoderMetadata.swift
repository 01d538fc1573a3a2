/// Free-form provenance stored with an encoder's weights: string and string-array
/// attributes (training spec, data path and fingerprint, seed, commit, training characters
/// and fonts). The trainer decides the keys; see docs/encoder-weights.md for the
/// conventional ones.
public struct EncoderMetadata: Sendable, Equatable {
  /// Single-string attributes by key.
  public var strings: [String: String]
  /// String-array attributes by key.
  public var stringArrays: [String: [String]]

  /// Metadata with the given attributes (keys must be distinct across both).
  public init(strings: [String: String] = [:], stringArrays: [String: [String]] = [:]) {
    self.strings = strings
    self.stringArrays = stringArrays
  }

  /// A string attribute.
  public subscript(key: String) -> String? {
    get { strings[key] }
    set { strings[key] = newValue }
  }
}
