/// The single-character detectors GlyphLab has, by name.
public enum DetectionStrategy: String, Sendable, Equatable, CaseIterable, Codable {
  /// ``PageDetector``: binarisation, ruling lines, columns from the projection profile and
  /// a pitch-aware segmentation; made for the corpus's rendered pages.
  case projection
  /// ``ScanDetector``: background normalisation, paper and border, rules, scale from the
  /// page, gloss separation and splitting of touching characters; made for real scans.
  case scan

  /// The strategy's detector with its defaults.
  public var detector: any PageDetecting {
    switch self {
    case .projection: PageDetector()
    case .scan: ScanDetector()
    }
  }
}
