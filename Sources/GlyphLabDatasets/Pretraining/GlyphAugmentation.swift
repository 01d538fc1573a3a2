import Foundation
import GlyphLabCore
import GlyphLabImaging

/// Seeded data augmentation for single-glyph images (0 = paper, 255 = ink, any size): small
/// affine jitter (rotation, scale, shear, offset), elastic distortion, stroke thickening and
/// thinning, and the corpus's own damage model (``Degradation``: ink bleed, erosion, broken
/// strokes, uneven inking, paper texture, stains, holes, blur, noise).
///
/// Each effect has one knob in ``Configuration``; 0 turns it off, and with every knob at 0
/// ``augment(_:width:height:generator:)`` returns the image unchanged. Effects run in this
/// order: one bilinear resampling for the affine jitter, the damage model's own geometric
/// jitter and the elastic field together; then thickening or thinning; then the damage to
/// the strokes; then the ageing of paper and scan. Each effect draws from its own stream
/// split from the caller's generator, so turning one knob off does not change what the
/// others draw.
///
/// The type is a value with no shared state: any number of threads may call it at once, each
/// with its own generator. ``augment(_:generator:)-(GlyphImages,_)`` does a whole batch in
/// parallel, image `i` from `generator.derived(i)`, so a batch's result does not depend on the
/// thread count.
///
/// Distances are pixels at a 48-pixel glyph and scale with the image size (as in
/// ``Degradation``).
public struct GlyphAugmentation: Sendable, Equatable {
  /// The knobs.
  public var configuration: Configuration

  /// An augmentation with the given knobs.
  public init(_ configuration: Configuration) {
    self.configuration = configuration
  }

  /// Whether every knob is 0, so the augmentation changes nothing.
  public var isIdentity: Bool { configuration.isIdentity }

  /// Augments one `width × height` glyph in place, drawing from `generator` (which
  /// advances by a fixed four draws, whatever the knobs).
  ///
  /// - Complexity: O(width × height × (1 + ⌈thickening or thinning⌉ + blur radius + damage
  ///   box radius)). Measured in the default pretraining build (release, CPU time per 48 × 48
  ///   glyph, including writing it compressed): about 0.08 ms for the affine, elastic and
  ///   stroke-width effects, 0.22 ms with the corpus's damage model, of which its per-pixel
  ///   Gaussian noise takes about 0.07 ms.
  public func augment(_ pixels: inout [UInt8], width: Int, height: Int, generator: inout SeededGenerator) {
    var streams = (0..<4).map { _ in generator.split() }
    guard !isIdentity, width > 0, height > 0, pixels.count == width * height else { return }
    let c = configuration
    let pixelScale = Double(min(width, height)) / 48
    var canvas = GlyphCanvas(width: width, height: height, bytes: pixels)

    // 1. Geometry: affine jitter (the augmentation's and the damage model's) and elastic field.
    if c.hasGeometry {
      var g = streams[0]
      let a = Self.affine(rotation: c.rotation, shear: c.shear, scale: c.scale, offset: c.offset, &g)
      let d = c.damage.jitter(&g)
      let m = Self.compose(a, (d.rotation, d.shear, d.scale, d.dx, d.dy))
      var dxField: [Float] = []
      var dyField: [Float] = []
      if c.elastic > 0 {
        dxField = canvas.smoothField(cells: c.elasticCells, generator: &g)
        dyField = canvas.smoothField(cells: c.elasticCells, generator: &g)
      }
      let amplitude = c.elastic * pixelScale
      let cx = Double(width - 1) / 2
      let cy = Double(height - 1) / 2
      let tx = m.dx * Double(width)
      let ty = m.dy * Double(height)
      canvas.resample { x, y in
        var px = Double(x)
        var py = Double(y)
        if amplitude > 0 {
          let i = y * width + x
          px += amplitude * Double(2 * dxField[i] - 1)
          py += amplitude * Double(2 * dyField[i] - 1)
        }
        // Inverse map: the output pixel comes from M⁻¹ (p − centre − t) + centre.
        let u = px - cx - tx
        let v = py - cy - ty
        return (m.inverse.0 * u + m.inverse.1 * v + cx, m.inverse.2 * u + m.inverse.3 * v + cy)
      }
    }
    // 2. Stroke width.
    if c.thickening > 0 || c.thinning > 0 {
      var g = streams[1]
      let thicken: Bool
      if c.thickening > 0 && c.thinning > 0 {
        thicken = g.uniformDouble() < 0.5
      } else {
        thicken = c.thickening > 0
      }
      let knob = thicken ? c.thickening : c.thinning
      let amount = knob * (0.5 + 0.5 * g.uniformDouble()) * pixelScale
      canvas.morph(by: thicken ? amount : -amount)
    }
    // 3–4. The corpus's damage model: strokes, then paper and scan.
    c.damage.damageStrokes(&canvas, pixelScale: pixelScale, generator: &streams[2])
    if c.agePaper { c.damage.agePaper(&canvas, pixelScale: pixelScale, generator: &streams[3]) }
    pixels = canvas.bytes()
  }

  /// One glyph, augmented.
  public func augment(_ image: GrayImage, generator: inout SeededGenerator) -> GrayImage {
    var pixels = image.pixels
    augment(&pixels, width: image.width, height: image.height, generator: &generator)
    // The pixel count is unchanged, so this cannot fail; fall back to the input if it did.
    return (try? GrayImage(width: image.width, height: image.height, pixels: pixels)) ?? image
  }

  /// A batch, augmented in parallel on up to ``BLAS/threadCount`` threads: image `i` draws
  /// from `generator.derived(UInt64(i))`, so the result is the same whatever the threads.
  ///
  /// - Complexity: O(count × per-image cost) / threads.
  public func augment(_ images: GlyphImages, generator: SeededGenerator) -> GlyphImages {
    guard !isIdentity, images.count > 0 else { return images }
    var out = images
    let size = images.imageSize
    let (w, h) = (images.width, images.height)
    let augmentation = self
    out.pixels.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let base = buffer.baseAddress!
      Parallel.forEachChunk(count: images.count, minimumChunk: 16) { range in
        for i in range {
          var g = generator.derived(UInt64(i))
          var pixels = Array(UnsafeBufferPointer(start: base + i * size, count: size))
          augmentation.augment(&pixels, width: w, height: h, generator: &g)
          for p in 0..<size { base[i * size + p] = pixels[p] }
        }
      }
    }
    return out
  }

  /// Draws an affine jitter: rotation (degrees) and shear with standard deviations `rotation`
  /// and `shear`, relative scale 1 + N(0, `scale`), both clipped at 3 σ, and an offset
  /// uniform in ±`offset` of the image.
  static func affine(
    rotation: Double, shear: Double, scale: Double, offset: Double, _ g: inout SeededGenerator
  ) -> (rotation: Double, shear: Double, scale: Double, dx: Double, dy: Double) {
    Degradation(rotation: rotation, shear: shear, scale: scale, offset: offset).jitter(&g)
  }

  /// Two jitters composed into one 2 × 2 inverse matrix (row-major) and one offset.
  static func compose(
    _ a: (rotation: Double, shear: Double, scale: Double, dx: Double, dy: Double),
    _ b: (rotation: Double, shear: Double, scale: Double, dx: Double, dy: Double)
  ) -> (inverse: (Double, Double, Double, Double), dx: Double, dy: Double) {
    let ma = GlyphRenderer.Transform.jitter(rotationDegrees: a.rotation, shear: a.shear, scale: a.scale)
    let mb = GlyphRenderer.Transform.jitter(rotationDegrees: b.rotation, shear: b.shear, scale: b.scale)
    // M = Ma · Mb
    let xx = ma.xx * mb.xx + ma.xy * mb.yx
    let xy = ma.xx * mb.xy + ma.xy * mb.yy
    let yx = ma.yx * mb.xx + ma.yy * mb.yx
    let yy = ma.yx * mb.xy + ma.yy * mb.yy
    let det = xx * yy - xy * yx
    let inv = abs(det) > 1e-9 ? (yy / det, -xy / det, -yx / det, xx / det) : (1, 0, 0, 1)
    return (inv, a.dx + b.dx, a.dy + b.dy)
  }
}
