import GlyphLabCore

/// The clean reference renderings of a rendered glyph set (`/groups/rendering` value
/// `clean reference`), relabelled with another dataset's classes by name: e.g. one centred,
/// undamaged image of every corpus character in every pretraining font, for a pipeline's
/// zero-label references (class means of their embeddings).
public struct CleanReferences: Sendable, Equatable {
  /// The reference images, in the set's order.
  public var images: GlyphImages
  /// For each image, its class as an index into the `classes` it was read for.
  public var labels: [Int32]
  /// For each image, its font: an index into ``fontNames``.
  public var fonts: [Int32]
  /// The set's font names ("Family Style").
  public var fontNames: [String]
  /// The set's classes that are not among the `classes` (their references are left out).
  public var unmatchedClasses: [String]

  /// Reads the references of the rendered glyph set at `path` whose class is in `classes`,
  /// streaming the images. Throws naming the file if it is not a rendered glyph set (no
  /// `rendering` or `font` group) or its images do not match `imageSize` (when given).
  ///
  /// - Complexity: O(N) labels, plus reading and decompressing all N images once.
  public init(reading path: String, classes: [String], imageSize: (height: Int, width: Int)? = nil) throws {
    let reader = try GlyphDatasetReader(path: path)
    guard try reader.groupNames().contains(RenderedGlyphSet.renderingGroup) else {
      throw DatasetError(
        path: path,
        reason: "not a rendered glyph set: no /groups/\(RenderedGlyphSet.renderingGroup) marks the references")
    }
    let rendering = try reader.group(RenderedGlyphSet.renderingGroup)
    guard let clean = rendering.names.firstIndex(of: RenderedGlyphSet.renderingValues[0]) else {
      throw DatasetError(
        path: path,
        reason: "/groups/\(RenderedGlyphSet.renderingGroup) has no value \"\(RenderedGlyphSet.renderingValues[0])\"")
    }
    if let imageSize, imageSize != (reader.height, reader.width) {
      throw DatasetError(
        path: path,
        reason:
          "images are \(reader.height)×\(reader.width), the references are wanted at \(imageSize.height)×\(imageSize.width)"
      )
    }
    let font = try reader.group("font")
    let setClasses = try reader.classes()
    let index = Dictionary(classes.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    let mapped = setClasses.map { index[$0] }
    let labels = try reader.labels()
    var chosen: [Int] = []
    for i in 0..<reader.count where rendering.values[i] == Int32(clean) && labels[i] >= 0 {
      if mapped[Int(labels[i])] != nil { chosen.append(i) }
    }
    let pixelsPer = reader.height * reader.width
    var pixels: [UInt8] = []
    pixels.reserveCapacity(chosen.count * pixelsPer)
    var next = 0
    var start = 0
    while start < reader.count && next < chosen.count {
      let end = min(reader.count, start + 8192)
      if chosen[next] < end {
        let batch = try reader.images(start..<end)
        while next < chosen.count && chosen[next] < end {
          pixels.append(contentsOf: batch.image(chosen[next] - start))
          next += 1
        }
      }
      start = end
    }
    images = try GlyphImages(count: chosen.count, height: reader.height, width: reader.width, pixels: pixels)
    self.labels = chosen.map { mapped[Int(labels[$0])] ?? -1 }
    fonts = chosen.map { font.values[$0] }
    fontNames = font.names
    unmatchedClasses = zip(setClasses, mapped).filter { $0.1 == nil }.map(\.0)
  }
}
