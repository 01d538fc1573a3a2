import GlyphLabCore

/// Histograms of Oriented Gradients (Dalal & Triggs 2005) as `skimage.feature.hog` computes
/// them for a greyscale image (`transform_sqrt=False`, `feature_vector=True`), on the raw
/// 0...255 ink values.
///
/// 1. Gradients are central differences, `g_row[y, x] = I[y+1, x] − I[y−1, x]` and
///    `g_col[y, x] = I[y, x+1] − I[y, x−1]`, zero on the first and last row (resp. column).
/// 2. Each pixel votes its magnitude `hypot(g_row, g_col)` into one of ``orientations``
///    unsigned bins over 0°...180° (hard binning, no interpolation) of its cell of
///    ``cellSize`` × ``cellSize`` pixels; each cell histogram is divided by the cell's area.
///    Pixels past the last whole cell are ignored.
/// 3. Every ``blockSize`` × ``blockSize`` window of cells (stride one cell) is normalised as
///    a whole by ``blockNormalization``, with ε = 1e-5.
/// 4. The output is the blocks in row-major order, each as (cell row, cell column,
///    orientation): `(H/c − b + 1)·(W/c − b + 1)·b²·orientations` values.
///
/// The defaults are scikit-image's (9 orientations, 8 × 8-pixel cells, 3 × 3-cell blocks,
/// L2-Hys); Dalal & Triggs used 2 × 2-cell blocks. Gradients are tabulated (see
/// `HOGGradientTable`) and images are processed in parallel, each writing its own row, so the
/// output does not depend on the thread count.
public struct HOGFeatures: StatelessFeatureExtractor {
  /// How each block of cell histograms is normalised (scikit-image's `block_norm`).
  public enum BlockNormalization: String, Sendable, CaseIterable, Codable {
    /// v / (‖v‖₁ + ε).
    case l1 = "L1"
    /// √(v / (‖v‖₁ + ε)).
    case l1Sqrt = "L1-sqrt"
    /// v / √(‖v‖₂² + ε²).
    case l2 = "L2"
    /// L2, then clipped at 0.2, then L2 again (Lowe's hysteresis).
    case l2Hys = "L2-Hys"
  }

  /// Orientation bins over 0°...180° (default 9); 1...180.
  public let orientations: Int
  /// Cell side in pixels (default 8); at least 1.
  public let cellSize: Int
  /// Block side in cells (default 3); at least 1.
  public let blockSize: Int
  /// Block normalisation (default ``BlockNormalization/l2Hys``).
  public let blockNormalization: BlockNormalization
  /// The orientation bin of each tabulated gradient, for ``orientations`` bins.
  let bins: [UInt8]

  /// Creates the extractor; see the properties for the meaning and defaults. Out-of-range
  /// values are reported by ``dimension(height:width:)`` and ``features(of:)``.
  public init(
    orientations: Int = 9, cellSize: Int = 8, blockSize: Int = 3, blockNormalization: BlockNormalization = .l2Hys
  ) {
    self.orientations = orientations
    self.cellSize = cellSize
    self.blockSize = blockSize
    self.blockNormalization = blockNormalization
    self.bins = (1...180).contains(orientations) ? HOGGradientTable.bins(orientations: orientations) : []
  }

  /// "hog-o<orientations>-c<cellSize>-b<blockSize>", with the normalisation appended when it
  /// is not L2-Hys.
  public var name: String {
    "hog-o\(orientations)-c\(cellSize)-b\(blockSize)"
      + (blockNormalization == .l2Hys ? "" : "-\(blockNormalization.rawValue.lowercased())")
  }

  /// The HOG length for `height × width` images. Throws on parameters out of range or an
  /// image smaller than one block (`cellSize·blockSize` pixels a side).
  public func dimension(height: Int, width: Int) throws -> Int {
    let operation = "HOGFeatures"
    guard (1...180).contains(orientations) else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "orientations", value: "\(orientations)", reason: "must be in 1...180")
    }
    guard cellSize >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "cellSize", value: "\(cellSize)", reason: "must be at least 1")
    }
    guard blockSize >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "blockSize", value: "\(blockSize)", reason: "must be at least 1")
    }
    let blockRows = height / cellSize - blockSize + 1
    let blockColumns = width / cellSize - blockSize + 1
    guard blockRows >= 1, blockColumns >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: operation, name: "image size", value: "\(height)×\(width)",
        reason: "smaller than one block of \(blockSize)×\(blockSize) cells of \(cellSize) pixels")
    }
    return blockRows * blockColumns * blockSize * blockSize * orientations
  }

  /// The HOG features of `images`, one row per image, in parallel over images.
  ///
  /// - Complexity: O(N·H·W) time; O(cells·orientations) scratch per thread besides the
  ///   output and the shared 1.3 MB gradient tables.
  public func features(of images: GlyphImages) throws -> Matrix {
    let dimension = try dimension(height: images.height, width: images.width)
    var out = Matrix(rows: images.count, columns: dimension)
    let layout = Layout(hog: self, height: images.height, width: images.width)
    let magnitudes = HOGGradientTable.magnitudes
    images.pixels.withUnsafeBufferPointer { pixels in
      out.withUnsafeMutableBufferPointer { output in
        magnitudes.withUnsafeBufferPointer { magnitudeTable in
          bins.withUnsafeBufferPointer { binTable in
            nonisolated(unsafe) let source = pixels.baseAddress!
            nonisolated(unsafe) let target = output.baseAddress!
            nonisolated(unsafe) let magnitude = magnitudeTable.baseAddress!
            nonisolated(unsafe) let bin = binTable.baseAddress!
            Parallel.forEachChunk(count: images.count, minimumChunk: 16) { range in
              var cells = [Float](repeating: 0, count: layout.cellCount * (layout.orientations + 1))
              var block = [Float](repeating: 0, count: layout.blockLength)
              cells.withUnsafeMutableBufferPointer { cellBuffer in
                block.withUnsafeMutableBufferPointer { blockBuffer in
                  for image in range {
                    layout.cellHistograms(
                      image: source + image * layout.imageSize, magnitude: magnitude, bin: bin,
                      into: cellBuffer.baseAddress!)
                    layout.normalizedBlocks(
                      cells: cellBuffer.baseAddress!, scratch: blockBuffer.baseAddress!,
                      into: target + image * dimension)
                  }
                }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// The geometry of one image size, and the per-image kernels.
  struct Layout {
    let height: Int
    let width: Int
    let cellSize: Int
    let blockSize: Int
    let orientations: Int
    let normalization: BlockNormalization
    let cellRows: Int
    let cellColumns: Int
    /// For each row (column), the neighbours whose difference is its gradient: the row itself
    /// twice on the first and last row, so that the gradient there is zero.
    let up: [Int]
    let down: [Int]
    let left: [Int]
    let right: [Int]

    init(hog: HOGFeatures, height: Int, width: Int) {
      self.height = height
      self.width = width
      cellSize = hog.cellSize
      blockSize = hog.blockSize
      orientations = hog.orientations
      normalization = hog.blockNormalization
      cellRows = height / cellSize
      cellColumns = width / cellSize
      up = (0..<height).map { $0 == 0 || $0 == height - 1 ? $0 : $0 - 1 }
      down = (0..<height).map { $0 == 0 || $0 == height - 1 ? $0 : $0 + 1 }
      left = (0..<width).map { $0 == 0 || $0 == width - 1 ? $0 : $0 - 1 }
      right = (0..<width).map { $0 == 0 || $0 == width - 1 ? $0 : $0 + 1 }
    }

    var imageSize: Int { height * width }
    var cellCount: Int { cellRows * cellColumns }
    var blockLength: Int { blockSize * blockSize * orientations }

    /// Fills `cells` (cellRows × cellColumns × (orientations + 1), the last bin a sink)
    /// with each cell's orientation histogram divided by the cell area.
    func cellHistograms(
      image p: UnsafePointer<UInt8>, magnitude: UnsafePointer<Float>, bin: UnsafePointer<UInt8>,
      into cells: UnsafeMutablePointer<Float>
    ) {
      let slots = orientations + 1
      cells.update(repeating: 0, count: cellCount * slots)
      let stride = HOGGradientTable.stride
      let offset = HOGGradientTable.range * stride + HOGGradientTable.range
      up.withUnsafeBufferPointer { up in
        down.withUnsafeBufferPointer { down in
          left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
              for y in 0..<(cellRows * cellSize) {
                let row = p + y * width
                let above = p + up[y] * width
                let below = p + down[y] * width
                let cellRow = cells + (y / cellSize) * cellColumns * slots
                for cx in 0..<cellColumns {
                  let histogram = cellRow + cx * slots
                  for x in (cx * cellSize)..<((cx + 1) * cellSize) {
                    let gr = Int(below[x]) - Int(above[x])
                    let gc = Int(row[right[x]]) - Int(row[left[x]])
                    let index = offset + gr * stride + gc
                    histogram[Int(bin[index])] += magnitude[index]
                  }
                }
              }
            }
          }
        }
      }
      let scale = 1 / Float(cellSize * cellSize)
      for i in 0..<(cellCount * slots) { cells[i] *= scale }
    }

    /// Writes every block, normalised, to `out`.
    func normalizedBlocks(
      cells: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
      let slots = orientations + 1
      let n = blockLength
      var o = out
      for br in 0...(cellRows - blockSize) {
        for bc in 0...(cellColumns - blockSize) {
          var k = 0
          for r in br..<(br + blockSize) {
            for c in bc..<(bc + blockSize) {
              let histogram = cells + (r * cellColumns + c) * slots
              for i in 0..<orientations {
                scratch[k] = histogram[i]
                k += 1
              }
            }
          }
          Self.normalize(scratch, count: n, method: normalization, into: o)
          o += n
        }
      }
    }

    /// scikit-image's `_hog_normalize_block`, sums in double.
    static func normalize(
      _ v: UnsafeMutablePointer<Float>, count n: Int, method: BlockNormalization, into out: UnsafeMutablePointer<Float>
    ) {
      let eps = 1e-5
      switch method {
      case .l1, .l1Sqrt:
        var sum = 0.0
        for i in 0..<n { sum += Double(abs(v[i])) }
        let scale = 1 / (sum + eps)
        for i in 0..<n {
          let value = Double(v[i]) * scale
          out[i] = Float(method == .l1 ? value : value.squareRoot())
        }
      case .l2, .l2Hys:
        var sum = 0.0
        for i in 0..<n { sum += Double(v[i]) * Double(v[i]) }
        var scale = 1 / (sum + eps * eps).squareRoot()
        if method == .l2 {
          for i in 0..<n { out[i] = Float(Double(v[i]) * scale) }
          return
        }
        var clipped = 0.0
        for i in 0..<n {
          let value = min(Double(v[i]) * scale, 0.2)
          v[i] = Float(value)
          clipped += value * value
        }
        scale = 1 / (clipped + eps * eps).squareRoot()
        for i in 0..<n { out[i] = Float(Double(v[i]) * scale) }
      }
    }
  }
}
