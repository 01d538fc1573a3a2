/// The GlyphLab dataset format: glyph images, labels, class names, optional groups,
/// features and pages in one HDF5 file. `Datasets/README.md` is its specification.
public enum DatasetFormat {
  /// The root attribute `format` of every dataset file.
  public static let name = "glyphlab-dataset"
  /// The version written, "major.minor"; the root attribute `version`.
  public static let version = "1.1"
  /// The major version this GlyphLab reads. Minor versions only add optional content, so a
  /// reader accepts any minor version of its major version and refuses any other major.
  public static let majorVersion = 1

  /// The major part of a "major.minor" version string, or `nil` if `version` is not one.
  public static func major(of version: String) -> Int? {
    let parts = version.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let major = Int(parts[0]), Int(parts[1]) != nil, major >= 0 else {
      return nil
    }
    return major
  }
}
