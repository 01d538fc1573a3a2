import GlyphLabImaging

/// How alike two fonts' designs are, glyph by glyph: a different family name does not make a
/// different design (IPAMincho and IPAmjMincho draw 97% of the corpus's characters alike), so
/// a leakage check that compares names alone can pass a font the evaluated corpus uses.
///
/// Each character both fonts have is rendered at `pixelSize` and centred on its ink box in a
/// square canvas; a pair is *near-identical* when the L1 difference of the two coverage images
/// is below `threshold` × their mean ink. Distinct designs score 0% on the corpus's classes;
/// a font and a copy of it, 100%.
public struct FontDesignComparison: Sendable, Equatable {
  /// Characters both fonts draw.
  public var compared: Int
  /// Of those, the near-identical ones.
  public var nearIdentical: Int
  /// The mean cosine similarity of the centred images.
  public var meanCosine: Double

  /// `nearIdentical / compared` (0 when nothing was compared).
  public var nearIdenticalShare: Double { compared == 0 ? 0 : Double(nearIdentical) / Double(compared) }

  /// Compares fonts `a` and `b` on `characters`.
  ///
  /// - Complexity: O(characters × pixelSize²), two FreeType renderings per character.
  public static func compare(
    _ a: FontFace, _ b: FontFace, characters: [Unicode.Scalar], pixelSize: Int = 38, threshold: Double = 0.15
  ) throws -> FontDesignComparison {
    let renderer = try GlyphRenderer(fonts: [a, b])
    let side = pixelSize * 3 / 2
    func centred(_ font: Int, _ c: Unicode.Scalar) -> [Float]? {
      guard let bitmap = renderer.render(c, font: font, pixelSize: pixelSize),
        let box = CorpusRasterizer.inkBox(bitmap)
      else { return nil }
      var canvas = GlyphCanvas(width: side, height: side)
      canvas.draw(
        coverage: bitmap.coverage, width: bitmap.width, height: bitmap.height, x: (side - box.w) / 2 - box.x,
        y: (side - box.h) / 2 - box.y)
      return canvas.ink
    }
    var result = FontDesignComparison(compared: 0, nearIdentical: 0, meanCosine: 0)
    var cosines = 0.0
    for c in characters {
      guard let x = centred(0, c), let y = centred(1, c) else { continue }
      var (l1, xy, xx, yy): (Float, Float, Float, Float) = (0, 0, 0, 0)
      for i in x.indices {
        l1 += abs(x[i] - y[i])
        xy += x[i] * y[i]
        xx += x[i] * x[i]
        yy += y[i] * y[i]
      }
      let meanInk = (x.reduce(0, +) + y.reduce(0, +)) / 2
      result.compared += 1
      if Double(l1) < threshold * Double(max(meanInk, 1)) { result.nearIdentical += 1 }
      cosines += Double(xy / max(1e-6, (xx * yy).squareRoot()))
    }
    result.meanCosine = result.compared == 0 ? 0 : cosines / Double(result.compared)
    return result
  }

  /// Resolves "Family/Style" names (or "path#index") to installed faces, as recipes do.
  public static func faces(
    _ names: [String], directories: [String] = FontCatalog.defaultDirectories
  ) throws
    -> [FontFace]
  {
    try AncientGlyphCorpus.resolve(names, directories: directories)
  }
}
