import Foundation
import GlyphLabCore
import GlyphLabNetworks

extension CenterNetDetector: PageDetecting {
  /// The characters of a `width × height` page (`pixels` row by row, 0 = paper, 255 = ink),
  /// in reading order (columns right to left, each top to bottom).
  ///
  /// Throws naming the problem when the detector is untrained, `pixels` does not match the
  /// size, or the page is blank, all ink or too large (``ScanDetector``'s checks).
  ///
  /// - Complexity: see ``CenterNetDetector``.
  public func detect(pixels: [UInt8], width: Int, height: Int) throws -> DetectedPage {
    let found = try detect(pixels: pixels, width: width, height: height, thresholds: [threshold])
    return found[0]
  }

  /// The page's characters at each of `thresholds` (each in (0, 1)) from one pass of the
  /// network, in the same order: for choosing a threshold on other pages.
  ///
  /// - Complexity: see ``CenterNetDetector``, plus O(output pixels) per threshold.
  public func detect(pixels: [UInt8], width: Int, height: Int, thresholds: [Double]) throws -> [DetectedPage] {
    try validate()
    for t in thresholds where !(t.isFinite && t > 0 && t < 1) {
      throw GlyphLabError.invalidArgument(
        operation: "CenterNetDetector", name: "threshold", value: "\(t)", reason: "must be in (0, 1)")
    }
    let network = try network()
    let size = try Self.estimatedSize(pixels: pixels, width: width, height: height)
    let input = Self.shrink(pixels: pixels, width: width, height: height, factor: characterSize / size)
    let output = try network.forward(
      try Tensor(shape: [1, 1, input.height, input.width], values: input.values), mode: .inference)
    return thresholds.map {
      Self.ordered(
        Self.peaks(output, threshold: $0, factor: input.factor, width: width, height: height), pitch: size)
    }
  }

  /// The boxes at the local maxima (3×3) of the centre map of `output` (`1 × 5 × H × W`)
  /// whose probability is at least `threshold`, in page coordinates (input ones divided by
  /// `factor`), clipped to the page.
  ///
  /// - Complexity: O(H·W).
  static func peaks(_ output: Tensor, threshold: Double, factor: Double, width: Int, height: Int) -> [PixelBox] {
    let (h, w) = (output.shape[2], output.shape[3])
    let plane = h * w
    let v = output.values
    let least = Float(log(threshold / (1 - threshold)))
    let page = PixelBox(x: 0, y: 0, width: width, height: height)
    let scale = Double(stride) / factor
    var boxes: [PixelBox] = []
    for y in 0..<h {
      for x in 0..<w {
        let z = v[y * w + x]
        guard z >= least else { continue }
        var isPeak = true
        for dy in -1...1 where isPeak {
          for dx in -1...1 where !(dx == 0 && dy == 0) {
            let (nx, ny) = (x + dx, y + dy)
            guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
            let n = v[ny * w + nx]
            // Ties go to the first pixel in raster order.
            if n > z || (n == z && (dy < 0 || (dy == 0 && dx < 0))) {
              isPeak = false
              break
            }
          }
        }
        guard isPeak else { continue }
        let cx = (Double(x) + Double(v[plane + y * w + x])) * scale
        let cy = (Double(y) + Double(v[2 * plane + y * w + x])) * scale
        let bw = exp(Double(min(6, v[3 * plane + y * w + x]))) * scale
        let bh = exp(Double(min(6, v[4 * plane + y * w + x]))) * scale
        let box = PixelBox(
          x0: Int((cx - bw / 2).rounded()), y0: Int((cy - bh / 2).rounded()), x1: Int((cx + bw / 2).rounded()),
          y1: Int((cy + bh / 2).rounded())
        ).intersection(page)
        if !box.isEmpty { boxes.append(box) }
      }
    }
    return boxes
  }

  /// `boxes` in reading order: grouped into columns (a box joins the column whose mean
  /// centre is within half the median box width), columns right to left, each top to
  /// bottom.
  ///
  /// - Complexity: O(n log n + n · columns).
  static func ordered(_ boxes: [PixelBox], pitch: Double) -> DetectedPage {
    guard !boxes.isEmpty else { return DetectedPage(boxes: [], boxColumns: [], columns: [], rules: [], pitch: pitch) }
    let reach = 0.5 * PageDetector.median(boxes.map { Double($0.width) })
    var columns: [(sum: Double, members: [PixelBox])] = []
    for box in boxes.sorted(by: { $0.center.x > $1.center.x }) {
      let cx = box.center.x
      if let k = columns.indices.last(where: { abs(columns[$0].sum / Double(columns[$0].members.count) - cx) <= reach })
      {
        columns[k].sum += cx
        columns[k].members.append(box)
      } else {
        columns.append((cx, [box]))
      }
    }
    var ordered: [PixelBox] = []
    var owner: [Int] = []
    var extents: [PixelBox] = []
    for (k, column) in columns.enumerated() {
      let members = column.members.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
      ordered.append(contentsOf: members)
      owner.append(contentsOf: repeatElement(k, count: members.count))
      extents.append(members.reduce(PixelBox(x: 0, y: 0, width: 0, height: 0)) { $0.union($1) })
    }
    return DetectedPage(boxes: ordered, boxColumns: owner, columns: extents, rules: [], pitch: pitch)
  }
}
