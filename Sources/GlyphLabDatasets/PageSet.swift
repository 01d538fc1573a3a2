/// The page images of a dataset and the glyph boxes on them, for detection experiments.
public struct PageSet: Sendable, Equatable {
  /// Number of pages.
  public var count: Int
  /// Page height and width in pixels.
  public var height: Int
  public var width: Int
  /// `count × height × width` pixels, page by page, 0 = paper, 255 = ink.
  public var images: [UInt8]
  /// Four values per box: x, y, width, height in pixels of its page.
  public var boxes: [Int32]
  /// The page of each box.
  public var boxPage: [Int32]
  /// The class of each box (an index into the dataset's classes), or −1 if unknown.
  public var boxLabel: [Int32]
  /// Each page's name, book and real size (format 1.1; for files without them: no name, no
  /// book and the full page size). A page smaller than `height × width` is padded with paper.
  public var info: [PageInfo]

  /// A page set from its parts (not checked; ``GlyphDatasetReader`` checks what it reads).
  /// `info` defaults to unnamed pages of the full size.
  public init(
    count: Int, height: Int, width: Int, images: [UInt8], boxes: [Int32], boxPage: [Int32], boxLabel: [Int32],
    info: [PageInfo]? = nil
  ) {
    self.info = info ?? Array(repeating: PageInfo(name: "", height: height, width: width), count: count)
    self.count = count
    self.height = height
    self.width = width
    self.images = images
    self.boxes = boxes
    self.boxPage = boxPage
    self.boxLabel = boxLabel
  }

  /// Number of boxes.
  public var boxCount: Int { boxLabel.count }

  /// The pixels of page `index`.
  public func page(_ index: Int) -> ArraySlice<UInt8> {
    images[(index * height * width)..<((index + 1) * height * width)]
  }
}
