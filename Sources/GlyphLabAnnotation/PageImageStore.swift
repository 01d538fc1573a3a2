import Foundation
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabImaging

/// Where each glyph sits on its page, for the page to show beside the query: a window of the
/// page around the glyph's box, with the box outlined in red, as PNG.
///
/// Only for datasets whose glyphs are their pages' boxes, glyph i cropped from box i (as
/// `glyphlab datasets import pages` writes them): the dataset has pages, as many boxes as
/// glyphs, and every box the label of its glyph. A dataset whose pages were drawn apart from
/// its glyphs (the corpus's rendered pages) has no such mapping, and no page images.
/// The pages are read once into memory, so the server's threads never touch HDF5.
public final class PageImageStore: @unchecked Sendable {
  /// The side of the page window shown, in page pixels (larger for a larger box): about
  /// four columns of the PMJT sample's half-size pages.
  public static let window = 256
  /// Encoded windows kept for repeat requests (a second tab, a reload).
  static let cacheLimit = 256

  /// Whether the glyphs have page images.
  public var isAvailable: Bool { pages != nil }
  /// The glyphs that may be asked for: 0..<count (0 without pages).
  public var count: Int { pages == nil ? 0 : glyphs }

  private let pages: PageSet?
  private let glyphs: Int
  private let lock = NSLock()
  private var cache: [Int: [UInt8]] = [:]

  /// The pages of `reader`'s dataset for its first `glyphs` glyphs, when its glyphs are its boxes.
  public init(reader: GlyphDatasetReader, glyphs: Int) throws {
    self.glyphs = glyphs
    guard let counts = reader.pageCounts, counts.boxes == reader.count else {
      pages = nil
      return
    }
    let set = try reader.pages()
    let labels = try reader.labels()
    pages = set.boxLabel == labels ? set : nil
  }

  /// The window of glyph `id`'s page around its box, with the box outlined, as PNG; nil for
  /// an id outside the run or a dataset without page images.
  ///
  /// - Complexity: O(window²) the first time a glyph is asked for; cached after.
  public func png(_ id: Int) throws -> [UInt8]? {
    guard let pages, id >= 0, id < glyphs, id < pages.boxCount else { return nil }
    lock.lock()
    let cached = cache[id]
    lock.unlock()
    if let cached { return cached }
    let page = Int(pages.boxPage[id])
    let info = pages.info[page]
    let box = PixelBox(
      x: Int(pages.boxes[4 * id]), y: Int(pages.boxes[4 * id + 1]), width: Int(pages.boxes[4 * id + 2]),
      height: Int(pages.boxes[4 * id + 3]))
    let (pageWidth, pageHeight) = (min(info.width, pages.width), min(info.height, pages.height))
    let side = max(Self.window, max(box.width, box.height) + 64)
    let width = min(pageWidth, side)
    let height = min(pageHeight, side)
    let x0 = max(0, min(pageWidth - width, box.x + box.width / 2 - width / 2))
    let y0 = max(0, min(pageHeight - height, box.y + box.height / 2 - height / 2))
    let all = pages.page(page)
    var pixels = [UInt8]()
    pixels.reserveCapacity(width * height)
    for y in y0..<(y0 + height) {
      let row = all.startIndex + y * pages.width + x0
      pixels.append(contentsOf: all[row..<(row + width)])
    }
    let inner = PixelBox(x: box.x - x0, y: box.y - y0, width: box.width, height: box.height)
    let outer = PixelBox(x: inner.x - 1, y: inner.y - 1, width: inner.width + 2, height: inner.height + 2)
    let outermost = PixelBox(x: inner.x - 2, y: inner.y - 2, width: inner.width + 4, height: inner.height + 4)
    let png = try OverlayRenderer().png(
      pixels: pixels, width: width, height: height, detections: [outermost, outer, inner])
    lock.lock()
    if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
    cache[id] = png
    lock.unlock()
    return png
  }
}
