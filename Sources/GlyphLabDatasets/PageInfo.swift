/// What a dataset records about one page besides its pixels (format 1.1): its name, the
/// book it comes from, and its real size when it is smaller than the dataset's page size
/// (pages of one dataset share one size, so smaller pages are padded with paper at the right
/// and bottom).
public struct PageInfo: Sendable, Equatable, Hashable {
  /// The page's name, e.g. the scan's file stem "200003076_00005_1".
  public var name: String
  /// The book (or other source) the page comes from, e.g. "200003076"; "" for none.
  public var book: String
  /// The page's real height and width in pixels, at most the dataset's page size; the
  /// pixels beyond them are padding.
  public var height: Int
  public var width: Int

  /// A page description from its parts.
  public init(name: String, book: String = "", height: Int, width: Int) {
    self.name = name
    self.book = book
    self.height = height
    self.width = width
  }
}
