/// One generated file: its name (no directory) and its text.
public struct ReportFile: Sendable, Equatable {
  /// The file name, for example `headline-accuracy-labels.svg`.
  public var name: String
  /// The file's text (empty for a binary file).
  public var contents: String
  /// The file's bytes when it is binary (a PNG); nil for a text file.
  public var bytes: [UInt8]?

  /// Creates a text file.
  public init(name: String, contents: String) {
    self.name = name
    self.contents = contents
  }

  /// Creates a binary file.
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.contents = ""
    self.bytes = bytes
  }
}
