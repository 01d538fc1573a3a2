/// The print and age damage applied to rendered glyphs and pages. Each effect has one
/// strength knob; 0 turns it off. ``none`` is clean print. The corpus recipe
/// (`Datasets/ancient-glyphs.yaml`) holds the defaults the built-in corpus uses.
///
/// Distances are in pixels at a 48-pixel glyph and scale with the glyph size.
public struct Degradation: Sendable, Equatable, Codable {
  /// Ink spreading into the paper: the share of glyphs affected, and how far (0–1).
  public var inkBleed: Double
  /// Thinning of strokes where ink did not take (0–1).
  public var erosion: Double
  /// Expected number of breaks (small paper-coloured gaps) across strokes per glyph.
  public var brokenStrokes: Double
  /// Gaussian blur sigma, in pixels.
  public var blur: Double
  /// Additive Gaussian noise, as a fraction of full scale.
  public var noise: Double
  /// Uneven inking: how much ink density varies across a glyph (0–1).
  public var unevenInking: Double
  /// Rotation jitter, standard deviation in degrees.
  public var rotation: Double
  /// Horizontal shear jitter, standard deviation.
  public var shear: Double
  /// Scale jitter, standard deviation of the relative size.
  public var scale: Double
  /// Offset jitter, the largest shift as a fraction of the image size.
  public var offset: Double
  /// Paper texture: the strength of fibre and grain in the background (0–1).
  public var paperTexture: Double
  /// The probability that a glyph carries a stain.
  public var stains: Double
  /// The probability that a glyph is cut by a worm hole.
  public var holes: Double

  public init(
    inkBleed: Double = 0, erosion: Double = 0, brokenStrokes: Double = 0, blur: Double = 0,
    noise: Double = 0, unevenInking: Double = 0, rotation: Double = 0, shear: Double = 0,
    scale: Double = 0, offset: Double = 0, paperTexture: Double = 0, stains: Double = 0, holes: Double = 0
  ) {
    self.inkBleed = inkBleed
    self.erosion = erosion
    self.brokenStrokes = brokenStrokes
    self.blur = blur
    self.noise = noise
    self.unevenInking = unevenInking
    self.rotation = rotation
    self.shear = shear
    self.scale = scale
    self.offset = offset
    self.paperTexture = paperTexture
    self.stains = stains
    self.holes = holes
  }

  /// Clean print: no effect at all.
  public static let none = Degradation()

  /// Every knob multiplied by `factor` (for sweeps of "how degraded").
  public func scaled(by factor: Double) -> Degradation {
    Degradation(
      inkBleed: min(1, inkBleed * factor), erosion: min(1, erosion * factor),
      brokenStrokes: brokenStrokes * factor, blur: blur * factor, noise: noise * factor,
      unevenInking: min(1, unevenInking * factor), rotation: rotation * factor, shear: shear * factor,
      scale: scale * factor, offset: offset * factor, paperTexture: min(1, paperTexture * factor),
      stains: min(1, stains * factor), holes: min(1, holes * factor))
  }

  /// The recipe keys, in the order the YAML file lists them.
  public static let keys = [
    "ink_bleed", "erosion", "broken_strokes", "blur", "noise", "uneven_inking", "rotation", "shear",
    "scale", "offset", "paper_texture", "stains", "holes",
  ]
}
