/// One page a ``CenterNetTrainer`` learns from: its pixels (0 = paper, 255 = ink) and the
/// true boxes of its characters.
public struct CenterNetTrainingPage: Sendable, Equatable {
  /// `width × height` pixels, row by row.
  public var pixels: [UInt8]
  /// Page width in pixels.
  public var width: Int
  /// Page height in pixels.
  public var height: Int
  /// The characters' true boxes.
  public var boxes: [PixelBox]

  /// A page from its parts.
  public init(pixels: [UInt8], width: Int, height: Int, boxes: [PixelBox]) {
    self.pixels = pixels
    self.width = width
    self.height = height
    self.boxes = boxes
  }
}
