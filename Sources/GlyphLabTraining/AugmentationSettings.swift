/// The per-sample augmentation of a training spec (`augmentation:`); every knob at 0 turns
/// its effect off. Each image of each epoch gets its own generator, derived from the run's
/// seed, the epoch and the image's row, so augmentation does not depend on batch order or
/// thread count.
public struct AugmentationSettings: Sendable, Equatable {
  /// Rotation, standard deviation in degrees.
  public var rotation: Double
  /// Shear, standard deviation.
  public var shear: Double
  /// Relative scale change, standard deviation.
  public var scale: Double
  /// Largest shift, fraction of the image.
  public var offset: Double
  /// Elastic distortion: displacement in pixels (at the stored image size).
  public var elastic: Double
  /// Stroke thickening and thinning: largest change in pixels (either way).
  public var thickness: Double
  /// Share of images that also go through the corpus's damage model.
  public var damage: Double

  /// No augmentation.
  public static let none = AugmentationSettings(
    rotation: 0, shear: 0, scale: 0, offset: 0, elastic: 0, thickness: 0, damage: 0)

  /// Settings with the given knobs.
  public init(
    rotation: Double, shear: Double, scale: Double, offset: Double, elastic: Double, thickness: Double,
    damage: Double
  ) {
    self.rotation = rotation
    self.shear = shear
    self.scale = scale
    self.offset = offset
    self.elastic = elastic
    self.thickness = thickness
    self.damage = damage
  }

  /// Whether every knob is off.
  public var isNone: Bool { self == .none }
}
