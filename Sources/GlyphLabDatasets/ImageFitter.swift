/// Fits images of any size into a fixed target size, keeping their aspect ratio: an image
/// larger than the target is shrunk by area averaging until it fits, then centred on paper
/// (0). Smaller images are only padded, unless `upscale` is set.
///
/// Area averaging gives each output pixel the mean of the source area it covers (pixels cut
/// by the boundary count in proportion), the box filter that keeps thin strokes instead of
/// dropping them as point sampling would. It is separable, computed rows then columns in
/// `Float`, and rounded to the nearest byte, so results are exact and deterministic.
public struct ImageFitter: Sendable, Equatable {
  /// The target size.
  public let size: ImageSize
  /// Whether images smaller than the target are enlarged (by the same area resampling)
  /// rather than only padded. Default `false`.
  public let upscale: Bool

  /// A fitter into `size`.
  public init(size: ImageSize, upscale: Bool = false) {
    self.size = size
    self.upscale = upscale
  }

  /// The size an `height × width` image is scaled to before padding: the largest size with
  /// the same aspect ratio that fits (never larger than the source unless `upscale`).
  public func scaledSize(height: Int, width: Int) -> (height: Int, width: Int) {
    var scale = min(Double(size.height) / Double(height), Double(size.width) / Double(width))
    if !upscale { scale = min(scale, 1) }
    let h = min(size.height, max(1, Int((Double(height) * scale).rounded())))
    let w = min(size.width, max(1, Int((Double(width) * scale).rounded())))
    return (h, w)
  }

  /// Fits `source` (`height × width` bytes) into `output` (`size.height × size.width`).
  ///
  /// - Parameter invert: whether to map each value v to 255 − v first (for sources with
  ///   dark ink); the padding stays 0 either way.
  /// - Complexity: O(`height × width × w + h × w × height / h`) for a scaled size `h × w`:
  ///   each output value averages the source values it covers.
  public func fit(
    _ source: UnsafeBufferPointer<UInt8>, height: Int, width: Int, invert: Bool = false,
    into output: UnsafeMutableBufferPointer<UInt8>
  ) {
    precondition(source.count == height * width && output.count == size.height * size.width)
    let (h, w) = scaledSize(height: height, width: width)
    let top = (size.height - h) / 2
    let left = (size.width - w) / 2
    output.update(repeating: 0)
    if h == height && w == width {
      for y in 0..<h {
        for x in 0..<w {
          let value = source[y * width + x]
          output[(top + y) * size.width + left + x] = invert ? 255 - value : value
        }
      }
      return
    }
    let columns = AxisWeights(source: width, target: w)
    let rows = AxisWeights(source: height, target: h)
    // Rows first: each source row becomes `w` averaged values; then columns.
    var horizontal = [Float](repeating: 0, count: height * w)
    horizontal.withUnsafeMutableBufferPointer { horizontal in
      columns.weights.withUnsafeBufferPointer { weights in
        for y in 0..<height {
          let row = y * width
          for x in 0..<w {
            let start = columns.starts[x]
            let first = columns.offsets[x]
            var sum: Float = 0
            for k in 0..<(columns.offsets[x + 1] - first) { sum += weights[first + k] * Float(source[row + start + k]) }
            horizontal[y * w + x] = sum
          }
        }
      }
      rows.weights.withUnsafeBufferPointer { weights in
        for y in 0..<h {
          let start = rows.starts[y]
          let first = rows.offsets[y]
          let taps = rows.offsets[y + 1] - first
          let out = (top + y) * size.width + left
          for x in 0..<w {
            var sum: Float = 0
            for k in 0..<taps { sum += weights[first + k] * horizontal[(start + k) * w + x] }
            let value = invert ? 255 - sum : sum
            output[out + x] = UInt8(min(255, max(0, (value + 0.5).rounded(.down))))
          }
        }
      }
    }
  }

  /// Fits one image given as an array; returns `size.height × size.width` bytes.
  public func fit(_ source: [UInt8], height: Int, width: Int, invert: Bool = false) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: size.height * size.width)
    source.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { fit(input, height: height, width: width, invert: invert, into: $0) }
    }
    return output
  }

  /// The area-average weights along one axis, flat: output cell `o` averages input cells
  /// `starts[o]…` with `weights[offsets[o]..<offsets[o + 1]]` (overlap fractions summing to 1).
  struct AxisWeights {
    var starts: [Int] = []
    var offsets: [Int] = [0]
    var weights: [Float] = []

    init(source: Int, target: Int) {
      let step = Double(source) / Double(target)
      for o in 0..<target {
        let lower = Double(o) * step
        let upper = Double(o + 1) * step
        let first = Int(lower.rounded(.down))
        let last = max(first, min(source - 1, Int((upper - 1e-9).rounded(.down))))
        starts.append(first)
        for i in first...last {
          let overlap = min(upper, Double(i + 1)) - max(lower, Double(i))
          weights.append(Float(max(0, overlap) / step))
        }
        offsets.append(weights.count)
      }
    }
  }
}
