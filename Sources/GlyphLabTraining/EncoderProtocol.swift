/// What an encoder must not have seen of the corpus it is evaluated on (issue 11, section 2).
/// Every report that uses an encoder states its protocol, and
/// ``check(encoder:encoderPath:dataset:datasetPath:)`` refuses a run whose encoder's training
/// data overlaps the corpus the way the protocol forbids.
public enum EncoderProtocol: String, Sendable, CaseIterable, Codable {
  /// The encoder never saw the corpus's font families (its editions); it may have seen its
  /// characters in other fonts. A real digitisation setting: modern fonts exist for the
  /// standard characters, and the book's carving style is new.
  case novelEditions = "novel-editions"
  /// The encoder never saw the corpus's classes, in any font (like Omniglot's
  /// background/evaluation split).
  case novelCharacters = "novel-characters"

  /// Throws ``EncoderError/protocolOverlap(encoder:dataset:protocol:overlap:)`` if `encoder`
  /// (what an encoder file records it was trained on) overlaps `dataset` (the evaluated
  /// corpus's classes and editions) in the way this protocol forbids.
  ///
  /// - novel editions: no font of the encoder's training data may share a design family
  ///   (``FontFamily``) with an edition of the dataset. A dataset that records no editions
  ///   cannot be checked, and is refused.
  /// - novel characters: no training character may be a class of the dataset.
  public func check(
    encoder: TrainingContents, encoderPath: String, dataset: TrainingContents, datasetPath: String
  ) throws {
    switch self {
    case .novelEditions:
      guard !dataset.fonts.isEmpty else {
        throw EncoderError.protocolOverlap(
          encoder: encoderPath, dataset: datasetPath, protocol: self,
          overlap: "fonts that cannot be compared with dataset \(datasetPath)'s editions: it records none "
            + "(no /groups/font or /groups/edition values)")
      }
      var overlaps: [String] = []
      var seen: Set<FontFamily> = []
      for font in encoder.fonts {
        let family = FontFamily(fontName: font)
        guard !seen.contains(family) else { continue }
        if let edition = dataset.fonts.first(where: { FontFamily(fontName: $0).isSameDesign(as: family) }) {
          seen.insert(family)
          overlaps.append(
            "font family '\(family.name)', which dataset \(datasetPath) uses as an edition ('\(edition)')")
        }
      }
      if !overlaps.isEmpty {
        throw EncoderError.protocolOverlap(
          encoder: encoderPath, dataset: datasetPath, protocol: self, overlap: Self.summary(overlaps))
      }
    case .novelCharacters:
      let classes = Set(dataset.characters)
      var shared: [String] = []
      var seen: Set<String> = []
      for character in encoder.characters where classes.contains(character) && seen.insert(character).inserted {
        shared.append(character)
      }
      if !shared.isEmpty {
        let shown = shared.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        let more = shared.count > 8 ? " and \(shared.count - 8) more" : ""
        throw EncoderError.protocolOverlap(
          encoder: encoderPath, dataset: datasetPath, protocol: self,
          overlap: "\(shared.count) character(s) that are classes of dataset \(datasetPath): \(shown)\(more)")
      }
    }
  }

  private static func summary(_ items: [String]) -> String {
    let shown = items.prefix(4).joined(separator: "; ")
    return items.count > 4 ? "\(shown); and \(items.count - 4) more" : shown
  }
}
