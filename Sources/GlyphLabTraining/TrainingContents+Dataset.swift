import GlyphLabDatasets
import GlyphLabHDF5

extension TrainingContents {
  /// The dataset groups whose values name fonts or editions.
  public static let fontGroups = ["font", "edition"]

  /// The classes of `dataset` and its fonts: the values declared by its `/groups/font` and
  /// `/groups/edition` (declared values, used or not, so a check is never weaker than the
  /// data), then the fonts and font families of its provenance root attributes
  /// (``DatasetProvenance``), if it has them.
  public init(dataset: GlyphDatasetReader) throws {
    var fonts: [String] = []
    func add(_ values: [String]) {
      for value in values where !fonts.contains(value) { fonts.append(value) }
    }
    let groups = try dataset.groupNames()
    for name in Self.fontGroups where groups.contains(name) { add(try dataset.group(name).names) }
    let hasProvenance: Bool
    do {
      hasProvenance = try HDF5File(path: dataset.path, mode: .readOnly).hasAttribute(DatasetProvenance.fontsAttribute)
    } catch {
      throw DatasetError(path: dataset.path, reason: "cannot open: \(error)")
    }
    if hasProvenance {
      let provenance = try DatasetProvenance(reading: dataset.path)
      add(provenance.fonts)
      add(provenance.fontFamilies)
    }
    self.init(characters: try dataset.classes(), fonts: fonts)
  }
}
