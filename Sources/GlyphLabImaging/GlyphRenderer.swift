import CFreeType
import Foundation

/// Renders single characters from real fonts with FreeType, as anti-aliased ink coverage.
///
/// A renderer owns its FreeType library and faces, which FreeType does not share between
/// threads: give each worker thread its own renderer.
public final class GlyphRenderer {
  /// A 2×2 linear transform applied to the outline before rasterising (rotation, shear,
  /// scale), as FreeType's `FT_Set_Transform`.
  public struct Transform: Sendable, Equatable {
    public var xx: Double
    public var xy: Double
    public var yx: Double
    public var yy: Double

    public init(xx: Double = 1, xy: Double = 0, yx: Double = 0, yy: Double = 1) {
      self.xx = xx
      self.xy = xy
      self.yx = yx
      self.yy = yy
    }

    /// The identity.
    public static let identity = Transform()

    /// Rotation by `degrees` (counter-clockwise), then horizontal shear, then scaling.
    public static func jitter(rotationDegrees: Double, shear: Double, scale: Double) -> Transform {
      let r = rotationDegrees * .pi / 180
      let (c, s) = (cos(r), sin(r))
      // [c −s; s c] · [1 shear; 0 1] · scale
      return Transform(xx: c * scale, xy: (c * shear - s) * scale, yx: s * scale, yy: (s * shear + c) * scale)
    }
  }

  /// A rendered glyph: its coverage bitmap (0…255) and size.
  public struct Bitmap: Sendable {
    public var width: Int
    public var height: Int
    public var coverage: [UInt8]
  }

  private var library: FT_Library?
  private var faces: [FT_Face?]
  /// The fonts, in the order given.
  public let fonts: [FontFace]

  /// Opens every font in `fonts`; throws naming a file FreeType cannot open.
  public init(fonts: [FontFace]) throws {
    self.fonts = fonts
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else {
      throw ImageError(path: "", reason: "FreeType failed to initialise")
    }
    self.library = library
    faces = []
    for font in fonts {
      var face: FT_Face?
      let status = FT_New_Face(library, font.path, FT_Long(font.faceIndex), &face)
      guard status == 0, let face else {
        faces.forEach { if let f = $0 { FT_Done_Face(f) } }
        FT_Done_FreeType(library)
        self.library = nil
        throw ImageError(path: font.path, reason: "FreeType cannot open face \(font.faceIndex) (error \(status))")
      }
      faces.append(face)
    }
  }

  deinit {
    for face in faces { if let face { FT_Done_Face(face) } }
    if let library { FT_Done_FreeType(library) }
  }

  /// Whether font `font` (an index into ``fonts``) has a glyph for `scalar`.
  public func hasGlyph(_ scalar: Unicode.Scalar, font: Int) -> Bool {
    guard let face = faces[font] else { return false }
    return FT_Get_Char_Index(face, FT_ULong(scalar.value)) != 0
  }

  /// Rasterises `scalar` with font `font` at `pixelSize` pixels per em under `transform`.
  /// Returns nil if the font has no glyph for it or FreeType fails.
  public func render(
    _ scalar: Unicode.Scalar, font: Int, pixelSize: Int, transform: Transform = .identity
  ) -> Bitmap? {
    guard let face = faces[font], pixelSize > 0 else { return nil }
    let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
    guard index != 0, FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelSize)) == 0 else { return nil }
    var matrix = FT_Matrix(
      xx: FT_Fixed(transform.xx * 65536), xy: FT_Fixed(transform.xy * 65536),
      yx: FT_Fixed(transform.yx * 65536), yy: FT_Fixed(transform.yy * 65536))
    var delta = FT_Vector(x: 0, y: 0)
    FT_Set_Transform(face, &matrix, &delta)
    let flags = glyphlab_ft_load_render() | glyphlab_ft_load_no_bitmap() | glyphlab_ft_load_target_normal()
    guard FT_Load_Glyph(face, index, flags) == 0, let slot = face.pointee.glyph else { return nil }
    let bitmap = slot.pointee.bitmap
    guard Int32(bitmap.pixel_mode) == Int32(glyphlab_ft_pixel_mode_gray()) else { return nil }
    let width = Int(bitmap.width)
    let height = Int(bitmap.rows)
    let pitch = Int(bitmap.pitch)
    var coverage = [UInt8](repeating: 0, count: width * height)
    if let buffer = bitmap.buffer, width > 0, height > 0 {
      for y in 0..<height {
        let row = pitch >= 0 ? buffer + y * pitch : buffer + (height - 1 - y) * (-pitch)
        for x in 0..<width { coverage[y * width + x] = row[x] }
      }
    }
    return Bitmap(width: width, height: height, coverage: coverage)
  }
}
