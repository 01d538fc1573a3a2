/// One generated file: its name (no directory) and its text.
public struct ReportFile: Sendable, Equatable {
  /// The file name, for example `headline-accuracy-labels.svg`.
  public var name: String
  /// The file's text.
  public var contents: String

  /// Creates a file.
  public init(name: String, contents: String) {
    self.name = name
    self.contents = contents
  }
}
