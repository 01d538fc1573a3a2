/// What an importer wrote.
public struct ImportResult: Sendable, Equatable, Codable {
  /// The dataset file.
  public var path: String
  /// Images written, and their size.
  public var count: Int
  public var height: Int
  public var width: Int
  /// Number of classes.
  public var classes: Int
  /// Each group's name and number of values.
  public var groups: [String: Int]
  /// Images whose size changed (shrunk, enlarged or padded) on the way in.
  public var fitted: Int
  /// Files in the source that were not images and were skipped (folder imports).
  public var skippedFiles: Int

  /// A result from its parts.
  public init(
    path: String, count: Int, height: Int, width: Int, classes: Int, groups: [String: Int] = [:], fitted: Int = 0,
    skippedFiles: Int = 0
  ) {
    self.path = path
    self.count = count
    self.height = height
    self.width = width
    self.classes = classes
    self.groups = groups
    self.fitted = fitted
    self.skippedFiles = skippedFiles
  }

  /// One line for people, e.g. "wrote oracle.h5: 3000 images of 28x28, 10 classes".
  public var summary: String {
    var text = "wrote \(path): \(count) images of \(width)x\(height), \(classes) classes"
    for (name, values) in groups.sorted(by: { $0.key < $1.key }) { text += ", group \(name) (\(values) values)" }
    if fitted > 0 { text += "; \(fitted) images resized or padded" }
    if skippedFiles > 0 { text += "; skipped \(skippedFiles) non-PNG files" }
    return text
  }
}
