import GlyphLabCore

/// The reference glyphs of a labelled dataset (e.g. a rendered glyph set) relabelled with
/// another dataset's classes by name: which rows are used, and the corpus class of each. It is
/// the one reader of references: the pipeline's `references.*` (rendered references as the
/// loop's first support) and the zero-label evaluation of an encoder both select and match
/// rows here, then read the images at once (``images()``) or in chunks (``images(_:)``).
///
/// ``Selection/clean`` keeps the clean reference renderings (`/groups/rendering` value 0,
/// ``RenderedGlyphSet/renderingValues``); a dataset without that group has no marks, so every
/// row is a reference. Rows whose class the other dataset lacks are left out (named in
/// ``unmatchedClasses``); unlabelled rows are never references.
public struct ReferenceRenderings: Sendable, Equatable {
  /// Which renderings are references.
  public enum Selection: String, Sendable, CaseIterable {
    /// Only the clean renderings, when the dataset marks them.
    case clean
    /// Every rendering, augmented and damaged ones too.
    case all
  }

  /// The reference dataset.
  public var path: String
  /// The dataset rows used, ascending.
  public var rows: [Int]
  /// For each used row, its class as an index into the `classes` it was read for.
  public var labels: [Int32]
  /// For each used row, its font (an index into ``fontNames``), when the dataset has fonts.
  public var fonts: [Int32]
  /// The dataset's font names ("Family Style"), or empty.
  public var fontNames: [String]
  /// For each used row, the written form it draws within its class (its `/groups/form` value,
  /// ``RenderedGlyphSet/formGroup``: 0 the class's own character, k a variant form), or 0 for
  /// every row without that group.
  public var forms: [Int32]
  /// The dataset's classes that are not among the `classes` (their references are left out).
  public var unmatchedClasses: [String]
  /// The images' size.
  public var height: Int
  public var width: Int

  /// Selects the references of the dataset at `path` whose class is in `classes`. Throws naming
  /// the file if it cannot be read, or if its images are not `imageSize` (when given).
  ///
  /// - Complexity: O(N) over the dataset's labels and groups; no image is read.
  public init(
    reading path: String, classes: [String], selection: Selection = .clean,
    imageSize: (height: Int, width: Int)? = nil
  ) throws {
    let reader = try GlyphDatasetReader(path: path)
    if let imageSize, imageSize != (reader.height, reader.width) {
      throw DatasetError(
        path: path,
        reason:
          "images are \(reader.height)×\(reader.width), the references are wanted at \(imageSize.height)×\(imageSize.width)"
      )
    }
    let groups = try reader.groupNames()
    var clean: [Int32]?
    if selection == .clean, groups.contains(RenderedGlyphSet.renderingGroup) {
      let rendering = try reader.group(RenderedGlyphSet.renderingGroup)
      guard let value = rendering.names.firstIndex(of: RenderedGlyphSet.renderingValues[0]) else {
        throw DatasetError(
          path: path,
          reason: "/groups/\(RenderedGlyphSet.renderingGroup) has no value \"\(RenderedGlyphSet.renderingValues[0])\"")
      }
      clean = rendering.values.map { $0 == Int32(value) ? 1 : 0 }
    }
    let font = groups.contains("font") ? try reader.group("font") : (values: [], names: [])
    let form =
      groups.contains(RenderedGlyphSet.formGroup) ? try reader.group(RenderedGlyphSet.formGroup).values : []
    let setClasses = try reader.classes()
    let index = Dictionary(classes.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    let mapped = setClasses.map { index[$0] }
    let datasetLabels = try reader.labels()
    var rows: [Int] = []
    var labels: [Int32] = []
    for i in 0..<reader.count where datasetLabels[i] >= 0 && (clean?[i] ?? 1) == 1 {
      if let corpusClass = mapped[Int(datasetLabels[i])] {
        rows.append(i)
        labels.append(corpusClass)
      }
    }
    self.path = path
    self.rows = rows
    self.labels = labels
    fonts = font.values.isEmpty ? [] : rows.map { font.values[$0] }
    fontNames = font.names
    forms = form.isEmpty ? [Int32](repeating: 0, count: rows.count) : rows.map { max(0, form[$0]) }
    unmatchedClasses = zip(setClasses, mapped).filter { $0.1 == nil }.map(\.0)
    height = reader.height
    width = reader.width
  }

  /// The number of references.
  public var count: Int { rows.count }

  /// The images of references `range` (indices into ``rows``), read in blocks of dataset rows.
  ///
  /// - Complexity: reads and decompresses the dataset rows from the first to the last
  ///   reference of `range`, `block` rows at a time.
  public func images(_ range: Range<Int>, block: Int = 8192) throws -> GlyphImages {
    let reader = try GlyphDatasetReader(path: path)
    let pixelsPer = height * width
    var pixels: [UInt8] = []
    pixels.reserveCapacity(range.count * pixelsPer)
    var next = range.lowerBound
    while next < range.upperBound {
      let start = rows[next]
      let end = min(reader.count, start + max(1, block))
      let batch = try reader.images(start..<end)
      while next < range.upperBound && rows[next] < end {
        pixels.append(contentsOf: batch.image(rows[next] - start))
        next += 1
      }
    }
    return try GlyphImages(count: range.count, height: height, width: width, pixels: pixels)
  }

  /// Every reference image, in ``rows`` order.
  public func images() throws -> GlyphImages { try images(0..<count) }
}
