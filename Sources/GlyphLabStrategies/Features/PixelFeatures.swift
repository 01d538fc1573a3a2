import GlyphLabCore

/// Raw pixels as features: each pixel's ink value divided by 255 (0 paper, 1 ink), row by
/// row, optionally box-averaged over `downsample × downsample` blocks and optionally scaled
/// to unit Euclidean length.
///
/// With a `downsample` factor f, an H × W image gives ⌈H/f⌉ × ⌈W/f⌉ values; a block cut off
/// by the image's right or bottom edge is the mean of the pixels it covers (not padded with
/// paper).
public struct PixelFeatures: StatelessFeatureExtractor {
  /// The box-averaging factor (default 1, no downsampling); must be at least 1.
  public var downsample: Int
  /// Scale each feature vector to unit Euclidean length (default false). A blank image
  /// stays all zero, as in scikit-learn's `normalize`.
  public var normalizeRows: Bool

  /// Creates the extractor; see the properties for the meaning and defaults.
  public init(downsample: Int = 1, normalizeRows: Bool = false) {
    self.downsample = downsample
    self.normalizeRows = normalizeRows
  }

  /// "pixels", with "-d<factor>" when downsampling and "-l2" when normalising.
  public var name: String {
    "pixels" + (downsample > 1 ? "-d\(downsample)" : "") + (normalizeRows ? "-l2" : "")
  }

  /// ⌈height/downsample⌉ × ⌈width/downsample⌉; throws if ``downsample`` is below 1.
  public func dimension(height: Int, width: Int) throws -> Int {
    guard downsample >= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "PixelFeatures", name: "downsample", value: "\(downsample)", reason: "must be at least 1")
    }
    return ((height + downsample - 1) / downsample) * ((width + downsample - 1) / downsample)
  }

  /// The pixel features of `images`, in parallel over images.
  ///
  /// - Complexity: O(N·H·W) time, no memory besides the output.
  public func features(of images: GlyphImages) throws -> Matrix {
    let dimension = try dimension(height: images.height, width: images.width)
    let f = downsample
    let h = images.height
    let w = images.width
    let outWidth = (w + f - 1) / f
    let outHeight = (h + f - 1) / f
    let imageSize = images.imageSize
    // The divisor of each output value: 255 × pixels in its block (exact in Float, so each
    // value is the correctly rounded mean).
    var divisors = [Float](repeating: 0, count: dimension)
    for oy in 0..<outHeight {
      for ox in 0..<outWidth {
        let covered = (min(h, (oy + 1) * f) - oy * f) * (min(w, (ox + 1) * f) - ox * f)
        divisors[oy * outWidth + ox] = 255 * Float(covered)
      }
    }
    var out = Matrix(rows: images.count, columns: dimension)
    let normalize = normalizeRows
    images.pixels.withUnsafeBufferPointer { pixels in
      out.withUnsafeMutableBufferPointer { output in
        nonisolated(unsafe) let source = pixels.baseAddress!
        nonisolated(unsafe) let target = output.baseAddress!
        Parallel.forEachChunk(count: images.count, minimumChunk: 64) { range in
          var sums = [UInt32](repeating: 0, count: dimension)
          for image in range {
            let p = source + image * imageSize
            let o = target + image * dimension
            if f == 1 {
              for i in 0..<dimension { o[i] = Float(p[i]) / 255 }
            } else {
              for i in 0..<dimension { sums[i] = 0 }
              for y in 0..<h {
                let row = (y / f) * outWidth
                for x in 0..<w { sums[row + x / f] &+= UInt32(p[y * w + x]) }
              }
              for i in 0..<dimension { o[i] = Float(sums[i]) / divisors[i] }
            }
            if normalize {
              var norm: Float = 0
              for i in 0..<dimension { norm += o[i] * o[i] }
              if norm > 0 {
                let inverse = 1 / norm.squareRoot()
                for i in 0..<dimension { o[i] *= inverse }
              }
            }
          }
        }
      }
    }
    return out
  }
}
