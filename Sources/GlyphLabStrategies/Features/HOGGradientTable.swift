import Foundation

/// Lookup tables from an integer pixel gradient to its magnitude and orientation bin.
///
/// Gradients of 8-bit images are central differences of two pixels, so each component is an
/// integer in −255...255 and there are only 511² possible gradients. Tabulating them once
/// makes HOG's per-pixel work two subtractions and two loads, and lets each entry be computed
/// with scikit-image's own double-precision formulas, so the binning is the same as its.
enum HOGGradientTable {
  /// The largest absolute gradient component.
  static let range = 255
  /// Table entries per row: one per column gradient −255...255.
  static let stride = 2 * range + 1

  /// The table index of the gradient (`rowGradient`, `columnGradient`).
  @inline(__always) static func index(rowGradient: Int, columnGradient: Int) -> Int {
    (rowGradient + range) * stride + columnGradient + range
  }

  /// `hypot(g_row, g_col)` of every gradient, rounded to Float.
  static let magnitudes: [Float] = {
    var table = [Float](repeating: 0, count: stride * stride)
    for gr in -range...range {
      for gc in -range...range {
        table[index(rowGradient: gr, columnGradient: gc)] = Float(hypot(Double(gr), Double(gc)))
      }
    }
    return table
  }()

  /// The orientation bin of every gradient for `orientations` unsigned bins, as
  /// scikit-image's `hog_histograms` assigns it: the orientation is
  /// `rad2deg(arctan2(g_row, g_col)) % 180` (NumPy's floored remainder) and bin i holds
  /// orientations in [180/n · i, 180/n · (i + 1)). An orientation in no bin (only possible
  /// for a remainder that rounds up to 180) gets `orientations`, a bin that is never read.
  static func bins(orientations n: Int) -> [UInt8] {
    precondition(n >= 1 && n < 255)
    let perBin = 180.0 / Double(n)
    var table = [UInt8](repeating: UInt8(n), count: stride * stride)
    for gr in -range...range {
      for gc in -range...range {
        let degrees = atan2(Double(gr), Double(gc)) * (180.0 / Double.pi)
        var orientation = fmod(degrees, 180)
        if orientation != 0 {
          if orientation < 0 { orientation += 180 }
        } else {
          orientation = 0
        }
        for i in 0..<n {
          let start = perBin * Double(i + 1)
          let end = perBin * Double(i)
          if !(orientation >= start || orientation < end) {
            table[index(rowGradient: gr, columnGradient: gc)] = UInt8(i)
            break
          }
        }
      }
    }
    return table
  }
}
