/// One realistic page effect of the corpus recipe (``PageScanEffects``,
/// ``PageLayoutEffects``), by the name ablations use (`pages.without` in the `detection`
/// experiment kind).
public enum PageEffect: String, CaseIterable, Sendable {
  /// `pages.scan.border`.
  case border
  /// `pages.scan.binding_shadow`.
  case bindingShadow = "binding_shadow"
  /// `pages.scan.paper_tone`.
  case paperTone = "paper_tone"
  /// `pages.layout.illustrations`.
  case illustrations
  /// `pages.layout.seals`.
  case seals
  /// `pages.layout.glosses`.
  case glosses
  /// `pages.layout.column_jitter`.
  case columnPitch = "column_pitch"
  /// `pages.layout.touching`.
  case touching
}
