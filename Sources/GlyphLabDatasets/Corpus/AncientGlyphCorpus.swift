import Foundation
import GlyphLabCore
import GlyphLabImaging

/// The built-in ancient-book glyph corpus: single glyphs and pages rendered from real
/// classical Chinese text (fortunes-zh) in real CJK fonts (one font per edition), with
/// Unihan variant forms and print damage. It is synthetic — rendered, not scanned — and
/// deterministic for a recipe and seed.
///
/// Loading it reads the text, Unihan and fonts and makes the ``CorpusPlan``; rendering is
/// then parallel over glyphs, each glyph's randomness derived from the seed and its index.
public struct AncientGlyphCorpus: Sendable {
  /// The recipe it was made from.
  public let recipe: CorpusRecipe
  /// The editions' fonts, in recipe order.
  public let fonts: [FontFace]
  let plan: CorpusPlanBox
  let composer: PageComposer

  /// Reads the text, Unihan and fonts and plans every glyph. Throws naming a missing text,
  /// Unihan or font file, or a font that is not installed.
  public init(recipe: CorpusRecipe, fontDirectories: [String] = FontCatalog.defaultDirectories) throws {
    self.recipe = recipe
    fonts = try Self.resolve(recipe.editions, directories: fontDirectories)
    var text = try CorpusText(files: recipe.textFiles)
    let needsUnihan = recipe.traditional || recipe.variantShare > 0
    let unihan = needsUnihan ? try UnihanVariants(path: recipe.unihanPath, variantFields: recipe.variantFields) : nil
    if recipe.traditional, let unihan { text = text.traditional(using: unihan) }
    composer = PageComposer(recipe: recipe.pages, glyphScale: recipe.glyphScale)
    let probe = try GlyphRenderer(fonts: fonts)
    let fontCount = fonts.count
    plan = CorpusPlanBox(
      try CorpusPlan(
        recipe: recipe, text: text, unihan: unihan, fontCount: fontCount, pageCapacity: composer.capacity,
        glossCapacity: composer.glossCapacity,
        coverage: { c in (0..<fontCount).map { probe.hasGlyph(c, font: $0) } }))
  }

  /// The number of single-glyph images.
  public var count: Int { plan.value.glyphs.count }
  /// The class transcriptions, most frequent first.
  public var classes: [String] { plan.value.classes }
  /// The class of every glyph.
  public var labels: [Int32] { plan.value.glyphs.map(\.label) }
  /// The edition (font index) of every glyph.
  public var fontGroups: [Int32] { plan.value.glyphs.map(\.font) }
  /// 1 where the glyph is drawn in a variant form, else 0.
  public var variantGroups: [Int32] { plan.value.glyphs.map { $0.isVariant ? 1 : 0 } }
  /// Names of the editions, "Family Style".
  public var fontNames: [String] { fonts.map { "\($0.family) \($0.style)" } }
  /// Glyphs drawn in another edition because theirs lacked the character.
  public var fontFallbacks: Int { plan.value.fallbacks }
  /// Number of pages.
  public var pageCount: Int { plan.value.pages.count }
  /// Page size (height, width).
  public var pageSize: (height: Int, width: Int) { (recipe.pages.height, recipe.pages.width) }

  /// Renders glyphs `range` on up to ``BLAS/threadCount`` threads.
  ///
  /// - Complexity: O(`range.count` × imageSize²).
  public func renderGlyphs(_ range: Range<Int>) throws -> GlyphImages {
    let size = recipe.imageSize
    let pixelsPer = size * size
    var pixels = [UInt8](repeating: 0, count: range.count * pixelsPer)
    let workers = max(1, min(BLAS.threadCount, range.count / 64 + 1))
    let root = SeededGenerator(seed: recipe.seed).derived("glyph-pixels")
    let glyphs = plan.value.glyphs
    let fonts = self.fonts
    let recipe = self.recipe
    let failure = FirstError()
    pixels.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let out = buffer.baseAddress!
      Parallel.forEachWorker(workers) { w in
        do {
          let rasterizer = try CorpusRasterizer(
            fonts: fonts, degradation: recipe.degradation, glyphScale: recipe.glyphScale)
          var i = range.lowerBound + w
          while i < range.upperBound {
            var g = root.derived(UInt64(i))
            let canvas = rasterizer.draw(glyphs[i], size: size, agePaper: true, generator: &g)
            let bytes = canvas.bytes()
            let base = out + (i - range.lowerBound) * pixelsPer
            for p in 0..<pixelsPer { base[p] = bytes[p] }
            i += workers
          }
        } catch {
          failure.record(error)
        }
      }
    }
    if let error = failure.error { throw error }
    return try GlyphImages(count: range.count, height: size, width: size, pixels: pixels)
  }

  /// Renders page `index`: its pixels (height × width) and the boxes (x, y, w, h) and
  /// classes of its characters.
  /// Side glosses are among the boxes only with `pages.layout.gloss_boxes`; illustrations and
  /// seals never have boxes.
  public func renderPage(_ index: Int) throws -> (pixels: [UInt8], boxes: [Int32], labels: [Int32]) {
    let page = try composePage(index)
    let boxes = page.boxes.filter { !$0.isGloss || recipe.pages.layout.glossBoxes }
    return (
      page.pixels, boxes.flatMap { [Int32($0.rect.x), Int32($0.rect.y), Int32($0.rect.w), Int32($0.rect.h)] },
      boxes.map(\.label)
    )
  }

  /// Composes page `index`: pixels, every character's box (glosses marked) and the regions
  /// of its illustrations and seals.
  func composePage(_ index: Int) throws -> ComposedPage {
    let rasterizer = try CorpusRasterizer(
      fonts: fonts, degradation: recipe.pages.degradation ?? recipe.degradation, glyphScale: recipe.glyphScale)
    var g = SeededGenerator(seed: recipe.seed).derived("page-pixels").derived(UInt64(index))
    return composer.compose(
      plan.value.pages[index], rasterizer: rasterizer,
      degradation: recipe.pages.degradation ?? recipe.degradation, generator: &g)
  }

  /// Resolves "Family/Style" or "path#index" edition names to installed font faces.
  static func resolve(_ editions: [String], directories: [String]) throws -> [FontFace] {
    var catalog: [FontFace]?
    return try editions.map { edition in
      if edition.hasPrefix("/") {
        let parts = edition.split(separator: "#", maxSplits: 1)
        let path = String(parts[0])
        guard FileManager.default.fileExists(atPath: path) else {
          throw DatasetError(path: path, reason: "font file not found")
        }
        let index = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return FontFace(path: path, faceIndex: index, family: path, style: "", cjkCoverage: 0)
      }
      let parts = edition.split(separator: "/", maxSplits: 1).map(String.init)
      let faces = catalog ?? FontCatalog.scan(directories: directories)
      catalog = faces
      guard let face = faces.first(where: { $0.family == parts[0] && (parts.count < 2 || $0.style == parts[1]) }) else {
        throw DatasetError(
          path: edition,
          reason:
            "font not installed (searched \(directories.joined(separator: ", ")); `make setup` installs the default editions)"
        )
      }
      return face
    }
  }
}

/// Makes the plan shareable across threads without copying it (it is never mutated).
final class CorpusPlanBox: @unchecked Sendable {
  let value: CorpusPlan
  init(_ value: CorpusPlan) { self.value = value }
}

/// The first error thrown by any worker.
final class FirstError: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var error: Error?
  func record(_ error: Error) {
    lock.lock()
    if self.error == nil { self.error = error }
    lock.unlock()
  }
}
