/// How ink and paper look in an importer's source images. GlyphLab datasets store
/// 0 = paper, 255 = ink, so sources with dark ink are inverted on import.
public enum InkPolarity: String, Sendable, CaseIterable, Codable {
  /// Dark ink on light paper (scans, Omniglot): inverted on import.
  case dark
  /// Light ink on a dark background (MNIST, Oracle-MNIST): kept as it is.
  case light

  /// Whether pixels must be inverted (v → 255 − v) to make 0 paper.
  public var needsInversion: Bool { self == .dark }
}
