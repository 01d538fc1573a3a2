import Dispatch
import Foundation
import GlyphLabCore

/// What building the corpus produced.
public struct CorpusSummary: Sendable, Codable, Equatable {
  public var path: String
  public var glyphs: Int
  public var classes: Int
  public var editions: [String]
  public var variantGlyphs: Int
  public var fontFallbacks: Int
  public var pages: Int
  public var pageBoxes: Int
  public var seconds: Double
}

extension AncientGlyphCorpus {
  /// Renders the corpus and streams it to a dataset file at `path` (atomically: a temporary
  /// file renamed into place at the end). Memory stays at one batch of images.
  ///
  /// - Parameters:
  ///   - batch: glyphs rendered per step (default 4,096).
  ///   - progress: called with the number of glyphs written after each batch.
  /// - Complexity: O(glyphs × imageSize² + pages × pageSize).
  public func write(to path: String, batch: Int = 4096, progress: ((Int) -> Void)? = nil) throws -> CorpusSummary {
    let start = DispatchTime.now().uptimeNanoseconds
    let metadata = DatasetMetadata(
      name: recipe.name,
      source:
        "synthetic: rendered by GlyphLab from fortunes-zh text (\(recipe.textFiles.joined(separator: ", "))), "
        + "Unihan variants (\(recipe.unihanPath)) and \(fonts.count) CJK fonts; seed \(recipe.seed)",
      license:
        "synthetic images; text from Debian fortunes-zh and fonts from Debian packages under their own licences "
        + "(see /usr/share/doc/<package>/copyright)",
      description:
        "Single glyphs and pages of vertical text, rendered (not scanned) with print and age damage. "
        + "Groups: font (edition), variant (1 = drawn in another written form, labelled with the base character).")
    let writer = try GlyphDatasetWriter(
      path: path, metadata: metadata, height: recipe.imageSize, width: recipe.imageSize)
    try writer.declareGroup("font", values: fontNames)
    try writer.declareGroup("variant", values: ["base form", "variant form"])
    try writer.setClasses(classes)
    try DatasetProvenance(
      faces: fonts, charactersSource: "fortunes-zh text \(recipe.textFiles.joined(separator: ", "))"
    ).write(to: writer)
    let labels = self.labels
    let fontGroups = self.fontGroups
    let variantGroups = self.variantGroups
    var done = 0
    while done < count {
      let end = min(count, done + max(1, batch))
      let images = try renderGlyphs(done..<end)
      try writer.append(
        images: images.pixels, labels: Array(labels[done..<end]),
        groups: ["font": Array(fontGroups[done..<end]), "variant": Array(variantGroups[done..<end])])
      done = end
      progress?(done)
    }
    var boxes = 0
    if pageCount > 0 {
      try writer.declarePages(height: recipe.pages.height, width: recipe.pages.width)
      for p in 0..<pageCount {
        let page = try renderPage(p)
        try writer.appendPage(pixels: page.pixels, boxes: page.boxes, boxLabels: page.labels)
        boxes += page.labels.count
      }
    }
    try writer.finish()
    return CorpusSummary(
      path: path, glyphs: count, classes: classes.count, editions: fontNames,
      variantGlyphs: variantGroups.count { $0 == 1 }, fontFallbacks: fontFallbacks, pages: pageCount,
      pageBoxes: boxes, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
}
