import GlyphLabCore

/// The simplest glyph features: pixel intensities in [0, 1] (ink = 1), averaged over
/// `factor` × `factor` blocks, optionally scaled to unit length.
enum PixelFeatures {
  /// One row per image of ⌈H/f⌉·⌈W/f⌉ block means of pixel/255 (blocks at the right and
  /// bottom edges average the pixels they have); rows scaled to unit L2 norm when
  /// `normalize` (blank rows stay zero).
  ///
  /// - Complexity: O(N·H·W).
  static func matrix(_ images: GlyphImages, factor: Int, normalize: Bool) -> Matrix {
    let f = max(1, factor)
    let (h, w) = (images.height, images.width)
    let (oh, ow) = ((h + f - 1) / f, (w + f - 1) / f)
    var out = Matrix(rows: images.count, columns: oh * ow)
    out.withUnsafeMutableBufferPointer { buffer in
      for n in 0..<images.count {
        let image = images.image(n)
        let base = image.startIndex
        for by in 0..<oh {
          for bx in 0..<ow {
            var sum = 0
            let ys = (by * f)..<min(h, by * f + f)
            let xs = (bx * f)..<min(w, bx * f + f)
            for y in ys {
              for x in xs { sum += Int(image[base + y * w + x]) }
            }
            buffer[n * oh * ow + by * ow + bx] = Float(sum) / Float(255 * ys.count * xs.count)
          }
        }
      }
    }
    if normalize { out.normalizeRows() }
    return out
  }
}
