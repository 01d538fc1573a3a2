import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabStrategies

/// Reads the text of page images: the detector finds the characters, each is cropped and
/// scaled to the single-glyph size, and a recogniser trained on a labelled glyph dataset
/// names it. A missed, split or merged character is an error in the digitised text, so the
/// end-to-end accuracy counts detection errors against recognition.
///
/// The recogniser is the headline pipeline's model at the end of labelling: HOG → PCA →
/// within-class whitening → 1-NN (cosine), with every glyph of the training dataset labelled.
public struct PageRecognizer: Sendable {
  let hog: HOGFeatures
  let pca: PCAModel
  let whitening: WithinClassWhitening
  /// Whitened, row-normalised training features.
  let support: Matrix
  /// The transcription of each training row.
  let supportText: [String]
  /// The training glyphs' image size.
  public let imageSize: Int

  /// Memory held, roughly, in bytes (for caches).
  public var approximateBytes: Int { support.count * 4 + supportText.count * 16 }

  /// Trains on the first `limit` glyphs (nil = all) of a GlyphLab dataset.
  ///
  /// - Complexity: O(n·(HOG + d²)) for n training glyphs.
  public init(dataset: String, limit: Int? = nil, components: Int = 128, seed: UInt64 = 1) throws {
    let reader = try GlyphDatasetReader(path: dataset)
    guard reader.height == reader.width else {
      throw DatasetError(
        path: dataset, reason: "page recognition needs square glyph images, not \(reader.height)×\(reader.width)")
    }
    let n = min(limit ?? reader.count, reader.count)
    do {
      try self.init(
        images: try reader.images(0..<n), labels: Array(try reader.labels().prefix(n)), classes: try reader.classes(),
        components: components, seed: seed)
    } catch let error as GlyphLabError {
      throw DatasetError(path: dataset, reason: "\(error)")
    }
  }

  /// Trains on `images` (square) with their `labels` (indices into `classes`; −1 glyphs
  /// are left out), e.g. the glyphs of every book but one.
  ///
  /// - Complexity: O(n·(HOG + d²)) for n training glyphs.
  public init(
    images: GlyphImages, labels: [Int32], classes: [String], components: Int = 128, seed: UInt64 = 1
  )
    throws
  {
    func fail(_ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "PageRecognizer", name: "images", value: "\(images.count) glyphs", reason: reason)
    }
    guard images.height == images.width else { throw fail("needs square glyph images") }
    guard labels.count == images.count else { throw fail("has \(labels.count) labels") }
    let keep = labels.indices.filter { labels[$0] >= 0 }
    guard keep.count >= 2 else { throw fail("needs at least 2 labelled glyphs") }
    hog = HOGFeatures(cellSize: 6, blockSize: 2)
    let raw = try hog.features(of: images).gathering(rows: keep)
    var g = SeededGenerator(seed: seed).derived("page-recognizer-pca")
    let sample = raw.rows <= 20_000 ? Array(0..<raw.rows) : g.sample(20_000, from: raw.rows).sorted()
    pca = try PCA(components: min(components, raw.columns)).fit(raw.gathering(rows: sample))
    let reduced = try pca.transform(raw)
    let supportLabels = keep.map { labels[$0] }
    whitening = try WithinClassWhitening.fit(reduced, labels: supportLabels)
    support = try whitening.transform(reduced).rowNormalized()
    supportText = supportLabels.map { Int($0) < classes.count ? classes[Int($0)] : "" }
    imageSize = images.height
  }

  /// The transcription of each crop.
  public func recognise(_ crops: GlyphImages) throws -> [String] {
    guard crops.count > 0 else { return [] }
    let x = try whitening.transform(try pca.transform(try hog.features(of: crops))).rowNormalized()
    return try DistanceKernel(metric: .cosine).argmin(queries: x, references: support).indices.map {
      supportText[Int($0)]
    }
  }

  /// The glyph in `box` of a page, scaled by `imageSize / pitch` (the page's character cell
  /// becomes the glyph image) with its ink centred, as the single glyphs were drawn.
  public func crop(page pixels: [UInt8], width: Int, height: Int, box: PixelBox, pitch: Double) -> [UInt8] {
    let size = imageSize
    var out = [UInt8](repeating: 0, count: size * size)
    let cell = pitch > 1 ? pitch : Double(max(box.width, box.height)) / 0.8
    let scale = Double(size) / cell
    let offsetX = (Double(size) - Double(box.width) * scale) / 2
    let offsetY = (Double(size) - Double(box.height) * scale) / 2
    for oy in 0..<size {
      for ox in 0..<size {
        // Source position of this output pixel's centre, sampled bilinearly.
        let sx = Double(box.x) + (Double(ox) + 0.5 - offsetX) / scale - 0.5
        let sy = Double(box.y) + (Double(oy) + 0.5 - offsetY) / scale - 0.5
        guard sx > Double(box.x) - 1, sx < Double(box.maxX), sy > Double(box.y) - 1, sy < Double(box.maxY) else {
          continue
        }
        let x0 = Int(sx.rounded(.down))
        let y0 = Int(sy.rounded(.down))
        let fx = sx - Double(x0)
        let fy = sy - Double(y0)
        func at(_ x: Int, _ y: Int) -> Double {
          guard x >= box.x, x < box.maxX, y >= box.y, y < box.maxY, x >= 0, y >= 0, x < width, y < height else {
            return 0
          }
          return Double(pixels[y * width + x])
        }
        let v =
          (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy)
          + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
        out[oy * size + ox] = UInt8(max(0, min(255, v.rounded())))
      }
    }
    return out
  }
}
