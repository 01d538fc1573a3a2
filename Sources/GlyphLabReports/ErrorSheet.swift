import GlyphLabImaging
import GlyphLabRunLog

/// A PNG contact sheet of a run's logged errors (`predictions/errors/`): each misrecognised
/// glyph beside a glyph of the class it was taken for, ink black on white, pairs in rows of
/// ``pairsPerRow`` on a grey background. Drawn from the log's images alone.
public struct ErrorSheet: Sendable, Equatable {
  /// One pair on the sheet, in sheet order.
  public struct Entry: Sendable, Equatable {
    /// The sheet row and column (from 1).
    public var row: Int
    public var column: Int
    /// The glyph's true class and the class it was taken for.
    public var truth: String
    public var given: String
    /// Whether the log holds a glyph of the given class to show (false: blank tile).
    public var hasExemplar: Bool
  }

  /// Pairs per row.
  public static let pairsPerRow = 4
  /// The pairs, in the order the log stores them (commonest pair first).
  public var entries: [Entry]
  /// The PNG file's bytes.
  public var png: [UInt8]

  /// The sheet of `run`'s errors, or nil if it logged none.
  public init?(run: RunRecord, dataset: LoggedDataset) throws {
    guard let predictions = run.predictions, let errors = predictions.errors, !errors.indices.isEmpty else {
      return nil
    }
    let (h, w) = (errors.images.height, errors.images.width)
    let size = h * w
    let gap = 2
    let pairGap = 10
    let columns = min(Self.pairsPerRow, errors.indices.count)
    let rows = (errors.indices.count + Self.pairsPerRow - 1) / Self.pairsPerRow
    let pairWidth = 2 * w + gap
    let width = pairGap + columns * (pairWidth + pairGap)
    let height = pairGap + rows * (h + pairGap)
    var canvas = [UInt8](repeating: 200, count: width * height)
    var entries: [Entry] = []
    for (k, glyph) in errors.indices.enumerated() {
      let (r, c) = (k / Self.pairsPerRow, k % Self.pairsPerRow)
      let top = pairGap + r * (h + pairGap)
      let left = pairGap + c * (pairWidth + pairGap)
      for (tile, source) in [(0, errors.images.pixels), (1, errors.exemplarImages.pixels)] {
        let x0 = left + tile * (w + gap)
        for y in 0..<h {
          for x in 0..<w { canvas[(top + y) * width + x0 + x] = 255 - source[k * size + y * w + x] }
        }
      }
      let truth = glyph >= 0 && glyph < dataset.truth.count ? dataset.truth[glyph] : -1
      let given = glyph >= 0 && glyph < predictions.labels.count ? predictions.labels[glyph] : -1
      entries.append(
        Entry(
          row: r + 1, column: c + 1, truth: dataset.className(truth),
          given: given < 0 ? "(no label)" : dataset.className(given), hasExemplar: errors.exemplars[k] >= 0))
    }
    self.entries = entries
    png = try PNGCodec.encode(pixels: canvas, width: width, height: height, channels: 1)
  }
}
