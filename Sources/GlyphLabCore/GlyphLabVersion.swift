/// GlyphLab's version, recorded in every dataset and run log.
public enum GlyphLabVersion {
  /// Semantic version of this build.
  public static let current = "0.1.0"
}
