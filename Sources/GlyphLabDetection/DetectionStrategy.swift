/// The single-character detectors GlyphLab has, by name.
public enum DetectionStrategy: String, Sendable, Equatable, CaseIterable, Codable {
  /// ``PageDetector``: binarisation, ruling lines, columns from the projection profile and
  /// a pitch-aware segmentation; made for the corpus's rendered pages.
  case projection
  /// ``ScanDetector``: background normalisation, paper and border, rules, scale from the
  /// page, gloss separation and splitting of touching characters; made for real scans.
  case scan
  /// ``CenterNetDetector``: a small fully-convolutional network predicting character
  /// centres and sizes; it must be trained first (``CenterNetTrainer``, e.g. by the
  /// `detection` experiment kind).
  case centernet

  /// The strategy's detector with its defaults (for `centernet`, an untrained detector,
  /// which refuses to detect until it has weights).
  public var detector: any PageDetecting {
    switch self {
    case .projection: PageDetector()
    case .scan: ScanDetector()
    case .centernet: CenterNetDetector()
    }
  }
}
