/// What ``PageDetector`` found on one page.
public struct DetectedPage: Sendable, Equatable {
  /// The characters' boxes in reading order: columns right to left, each top to bottom.
  public var boxes: [PixelBox]
  /// The column (an index into ``columns``) of each box.
  public var boxColumns: [Int]
  /// The text columns, right to left.
  public var columns: [PixelBox]
  /// The ruling lines that were erased (vertical, then horizontal).
  public var rules: [PixelBox]
  /// The character pitch the page was segmented with, in pixels (0 without text).
  public var pitch: Double

  /// A result from its parts.
  public init(boxes: [PixelBox], boxColumns: [Int], columns: [PixelBox], rules: [PixelBox], pitch: Double) {
    self.boxes = boxes
    self.boxColumns = boxColumns
    self.columns = columns
    self.rules = rules
    self.pitch = pitch
  }

  /// Nothing found.
  public static let empty = DetectedPage(boxes: [], boxColumns: [], columns: [], rules: [], pitch: 0)
}
