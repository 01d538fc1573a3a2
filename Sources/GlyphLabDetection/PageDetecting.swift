/// A single-character detector for one page: the strategies the `detection` experiment
/// kind and `glyphlab detect` compare (``DetectionStrategy``).
public protocol PageDetecting: Sendable {
  /// The characters of a `width × height` page (`pixels` row by row, 0 = paper, 255 =
  /// ink), in reading order.
  func detect(pixels: [UInt8], width: Int, height: Int) throws -> DetectedPage
}

extension PageDetector: PageDetecting {}
extension ScanDetector: PageDetecting {}
