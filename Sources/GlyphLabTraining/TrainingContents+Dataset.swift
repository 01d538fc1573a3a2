import GlyphLabDatasets

extension TrainingContents {
  /// The dataset groups whose values name fonts or editions.
  public static let fontGroups = ["font", "edition"]

  /// The classes of `dataset` and the values declared by its `/groups/font` and
  /// `/groups/edition` (declared values, used or not, so a check is never weaker than the
  /// data).
  public init(dataset: GlyphDatasetReader) throws {
    var fonts: [String] = []
    let groups = try dataset.groupNames()
    for name in Self.fontGroups where groups.contains(name) {
      for value in try dataset.group(name).names where !fonts.contains(value) { fonts.append(value) }
    }
    self.init(characters: try dataset.classes(), fonts: fonts)
  }
}
