import GlyphLabCore
import GlyphLabHDF5

/// Reads a GlyphLab dataset file (see `Datasets/README.md`).
///
/// Opening checks the whole structure — format name, major version, every dataset's type and
/// shape, label, group and box values within range — and throws a ``DatasetError`` naming
/// the file and the problem, so later reads do not meet a malformed file. Images are read
/// in ranges (``images(_:)``), so large datasets stream; labels, classes and group values
/// are small and kept in memory.
public final class GlyphDatasetReader {
  /// The file read.
  public let path: String
  /// The root attributes.
  public let metadata: DatasetMetadata
  /// The file's format version, e.g. "1.0".
  public let version: String
  /// The `created_by` attribute (e.g. "glyphlab 0.1.0"), or "" if absent.
  public let createdBy: String
  /// Number of images.
  public let count: Int
  /// Image height and width in pixels.
  public let height: Int
  public let width: Int
  /// Whether the dataset has pages with glyph boxes.
  public var hasPages: Bool { pageShape != nil }

  private let file: HDF5File
  private let imageData: HDF5Dataset
  private let labelValues: [Int32]
  private let classNames: [String]
  private let groupData: [String: (values: [Int32], names: [String])]
  private let featureShapes: [String: (rows: Int, columns: Int)]
  private let pageShape: (pages: Int, height: Int, width: Int, boxes: Int)?
  private let pageInfo: [PageInfo]?

  /// Opens and checks the dataset at `path`.
  public init(path: String) throws {
    self.path = path
    file = try DatasetError.wrapping(path: path, "cannot open") { try HDF5File(path: path, mode: .readOnly) }
    let file = self.file
    func fail(_ reason: String) -> DatasetError { DatasetError(path: path, reason: reason) }
    func attribute(_ name: String, required: Bool = true) throws -> String {
      guard file.hasAttribute(name) else {
        if required { throw fail("root attribute \"\(name)\" is missing") }
        return ""
      }
      return try DatasetError.wrapping(path: path, "cannot read root attribute \"\(name)\"") {
        try file.stringAttribute(name)
      }
    }

    guard file.hasAttribute("format") else {
      throw fail("not a GlyphLab dataset: root attribute \"format\" is missing")
    }
    let format = try attribute("format")
    guard format == DatasetFormat.name else {
      throw fail("not a GlyphLab dataset: format is \"\(format)\", expected \"\(DatasetFormat.name)\"")
    }
    version = try attribute("version")
    guard let major = DatasetFormat.major(of: version) else {
      throw fail("format version \"\(version)\" is not of the form major.minor")
    }
    guard major == DatasetFormat.majorVersion else {
      throw fail(
        "format version \(version) is not supported: this GlyphLab reads version \(DatasetFormat.majorVersion).x")
    }
    metadata = DatasetMetadata(
      name: try attribute("name"), source: try attribute("source"), license: try attribute("license"),
      description: try attribute("description", required: false))
    createdBy = try attribute("created_by", required: false)

    let imageShape = try Self.checkedShape(
      file, DatasetLayout.images, UInt8.self, rank: 3, layout: "[N, H, W]", path: path)
    guard imageShape[1] > 0, imageShape[2] > 0 else {
      throw fail("/images has image size \(imageShape[1])×\(imageShape[2]); height and width must be positive")
    }
    (count, height, width) = (imageShape[0], imageShape[1], imageShape[2])
    // A streaming read of a few images must not decompress a whole chunk each time: give
    // the cache room for two chunks (up to 64 MiB).
    let chunkBytes = try DatasetError.wrapping(path: path, "cannot read /images") {
      try file.openDataset(DatasetLayout.images).chunkShape()?.reduce(1, *) ?? 0
    }
    imageData = try DatasetError.wrapping(path: path, "cannot open /images") {
      try file.openDataset(DatasetLayout.images, chunkCacheBytes: min(64 << 20, max(1 << 20, 2 * chunkBytes)))
    }

    let labelShape = try Self.checkedShape(
      file, DatasetLayout.labels, Int32.self, rank: 1, layout: "[N]", path: path)
    guard labelShape[0] == count else { throw fail("/labels has \(labelShape[0]) rows, /images has \(count)") }
    labelValues = try DatasetError.wrapping(path: path, "cannot read /labels") {
      try file.openDataset(DatasetLayout.labels).read(as: Int32.self)
    }
    classNames = try Self.readClasses(file, path: path)
    try Self.checkRange(labelValues, limit: classNames.count, what: "/labels", unit: "classes", path: path)

    var groups: [String: (values: [Int32], names: [String])] = [:]
    for name in try Self.children(file, DatasetLayout.groups, path: path) {
      let dataPath = "\(DatasetLayout.groups)/\(name)"
      let shape = try Self.checkedShape(file, dataPath, Int32.self, rank: 1, layout: "[N]", path: path)
      guard shape[0] == count else { throw fail("/\(dataPath) has \(shape[0]) rows, /images has \(count)") }
      let group = try DatasetError.wrapping(path: path, "cannot read /\(dataPath)") {
        let dataset = try file.openDataset(dataPath)
        guard dataset.hasAttribute(DatasetLayout.groupValuesAttribute) else {
          throw fail("/\(dataPath) has no \"\(DatasetLayout.groupValuesAttribute)\" attribute naming its values")
        }
        return (
          values: try dataset.read(as: Int32.self),
          names: try dataset.stringsAttribute(DatasetLayout.groupValuesAttribute)
        )
      }
      try Self.checkRange(group.values, limit: group.names.count, what: "/\(dataPath)", unit: "values", path: path)
      groups[name] = group
    }
    groupData = groups

    var features: [String: (rows: Int, columns: Int)] = [:]
    for name in try Self.children(file, DatasetLayout.features, path: path) {
      let dataPath = "\(DatasetLayout.features)/\(name)"
      let shape = try Self.checkedShape(file, dataPath, Float.self, rank: 2, layout: "[N, D]", path: path)
      guard shape[0] == count else { throw fail("/\(dataPath) has \(shape[0]) rows, /images has \(count)") }
      features[name] = (shape[0], shape[1])
    }
    featureShapes = features

    if file.exists(DatasetLayout.pages) {
      let pages = try Self.checkedShape(
        file, DatasetLayout.pageImages, UInt8.self, rank: 3, layout: "[P, H, W]", path: path)
      guard pages[1] > 0, pages[2] > 0 else {
        throw fail("/pages/images has page size \(pages[1])×\(pages[2]); height and width must be positive")
      }
      let boxes = try Self.checkedShape(
        file, DatasetLayout.pageBoxes, Int32.self, rank: 2, layout: "[M, 4]", path: path)
      guard boxes[1] == 4 else { throw fail("/pages/boxes has shape \(boxes), expected [M, 4]") }
      for name in [DatasetLayout.boxPage, DatasetLayout.boxLabel] {
        let shape = try Self.checkedShape(file, name, Int32.self, rank: 1, layout: "[M]", path: path)
        guard shape[0] == boxes[0] else { throw fail("/\(name) has \(shape[0]) rows, /pages/boxes has \(boxes[0])") }
      }
      pageShape = (pages[0], pages[1], pages[2], boxes[0])
      pageInfo = try Self.readPageInfo(file, pages: pages, path: path)
      let set = try pagesUnchecked(images: false)
      try Self.checkRange(
        set.boxPage, limit: pages[0], what: "/pages/box_page", unit: "pages", path: path, unknown: false)
      try Self.checkRange(set.boxLabel, limit: classNames.count, what: "/pages/box_label", unit: "classes", path: path)
      for box in 0..<boxes[0] {
        let (x, y, w, h) = (set.boxes[4 * box], set.boxes[4 * box + 1], set.boxes[4 * box + 2], set.boxes[4 * box + 3])
        guard x >= 0, y >= 0, w > 0, h > 0, Int(x) + Int(w) <= pages[2], Int(y) + Int(h) <= pages[1] else {
          throw fail(
            "/pages/boxes[\(box)] (x \(x), y \(y), w \(w), h \(h)) on page \(set.boxPage[box]) is not inside the "
              + "\(pages[2])×\(pages[1]) page")
        }
      }
    } else {
      pageShape = nil
      pageInfo = nil
    }
  }

  /// Images `range` (a streaming read: only those images are read and decompressed).
  public func images(_ range: Range<Int>) throws -> GlyphImages {
    guard range.lowerBound >= 0, range.upperBound <= count else {
      throw DatasetError(path: path, reason: "images \(range) requested from \(count) images")
    }
    return try DatasetError.wrapping(path: path, "cannot read /images") {
      let pixels = try imageData.readRows(range, as: UInt8.self)
      return try GlyphImages(count: range.count, height: height, width: width, pixels: pixels)
    }
  }

  /// All images (N × H × W bytes in memory).
  public func allImages() throws -> GlyphImages { try images(0..<count) }

  /// The label of each image: an index into ``classes()``, or −1 if unknown.
  public func labels() throws -> [Int32] { labelValues }

  /// The class names.
  public func classes() throws -> [String] { classNames }

  /// The names of the groups (e.g. "font", "alphabet"), sorted.
  public func groupNames() throws -> [String] { groupData.keys.sorted() }

  /// Group `name`: for each image an index into `names` (or −1), and the value names.
  public func group(_ name: String) throws -> (values: [Int32], names: [String]) {
    guard let group = groupData[name] else {
      throw DatasetError(
        path: path, reason: "no group \"\(name)\" (groups: \(groupData.keys.sorted().joined(separator: ", ")))")
    }
    return group
  }

  /// The names of the feature matrices, sorted.
  public func featureNames() throws -> [String] { featureShapes.keys.sorted() }

  /// The shape of features `name` without reading them.
  public func featureShape(_ name: String) throws -> (rows: Int, columns: Int) {
    guard let shape = featureShapes[name] else {
      throw DatasetError(
        path: path, reason: "no features \"\(name)\" (features: \(featureShapes.keys.sorted().joined(separator: ", ")))"
      )
    }
    return shape
  }

  /// Features `name`, one row per image. Throws, naming the row and column, if a value is
  /// not finite or a row's squared norm overflows float32.
  public func features(_ name: String) throws -> Matrix {
    let shape = try featureShape(name)
    let matrix = try DatasetError.wrapping(path: path, "cannot read /features/\(name)") {
      let values = try file.openDataset("\(DatasetLayout.features)/\(name)").read(as: Float.self)
      return try Matrix(rows: shape.rows, columns: shape.columns, elements: values)
    }
    try DatasetLayout.checkFeatureValues(matrix, what: "/features/\(name)", path: path)
    return matrix
  }

  /// The pages and their glyph boxes; throws if the dataset has none.
  public func pages() throws -> PageSet {
    guard hasPages else { throw DatasetError(path: path, reason: "the dataset has no pages") }
    return try pagesUnchecked(images: true)
  }

  /// The number of pages and boxes, or `nil` without pages.
  public var pageCounts: (pages: Int, height: Int, width: Int, boxes: Int)? { pageShape }

  private func pagesUnchecked(images: Bool) throws -> PageSet {
    guard let shape = pageShape else { throw DatasetError(path: path, reason: "the dataset has no pages") }
    return try DatasetError.wrapping(path: path, "cannot read /pages") {
      PageSet(
        count: shape.pages, height: shape.height, width: shape.width,
        images: images ? try file.openDataset(DatasetLayout.pageImages).read(as: UInt8.self) : [],
        boxes: try file.openDataset(DatasetLayout.pageBoxes).read(as: Int32.self),
        boxPage: try file.openDataset(DatasetLayout.boxPage).read(as: Int32.self),
        boxLabel: try file.openDataset(DatasetLayout.boxLabel).read(as: Int32.self), info: pageInfo)
    }
  }

  /// The optional 1.1 page records (`/pages/sizes`, `/pages/names`, `/pages/book`), checked
  /// against the page shape `[P, H, W]`; nil when the file has none of them.
  private static func readPageInfo(_ file: HDF5File, pages: [Int], path: String) throws -> [PageInfo]? {
    func fail(_ reason: String) -> DatasetError { DatasetError(path: path, reason: reason) }
    let present = [DatasetLayout.pageSizes, DatasetLayout.pageNames, DatasetLayout.pageBook].filter { file.exists($0) }
    guard !present.isEmpty else { return nil }
    guard present.count == 3 else {
      throw fail(
        "/pages has \(present.map { "/" + $0 }.joined(separator: ", ")) but not all of /pages/sizes, /pages/names, /pages/book"
      )
    }
    let sizeShape = try checkedShape(file, DatasetLayout.pageSizes, Int32.self, rank: 2, layout: "[P, 2]", path: path)
    guard sizeShape == [pages[0], 2] else {
      throw fail("/pages/sizes has shape \(sizeShape), expected [\(pages[0]), 2]")
    }
    let bookShape = try checkedShape(file, DatasetLayout.pageBook, Int32.self, rank: 1, layout: "[P]", path: path)
    guard bookShape[0] == pages[0] else {
      throw fail("/pages/book has \(bookShape[0]) rows, /pages/images has \(pages[0])")
    }
    return try DatasetError.wrapping(path: path, "cannot read the page records") {
      let sizes = try file.openDataset(DatasetLayout.pageSizes).read(as: Int32.self)
      let names = try file.openDataset(DatasetLayout.pageNames).readStrings()
      let bookData = try file.openDataset(DatasetLayout.pageBook)
      let books = try bookData.read(as: Int32.self)
      let bookNames =
        bookData.hasAttribute(DatasetLayout.groupValuesAttribute)
        ? try bookData.stringsAttribute(DatasetLayout.groupValuesAttribute) : []
      guard names.count == pages[0] else { throw fail("/pages/names has \(names.count) names for \(pages[0]) pages") }
      try checkRange(books, limit: bookNames.count, what: "/pages/book", unit: "books", path: path)
      return try (0..<pages[0]).map { p in
        let height = Int(sizes[2 * p])
        let width = Int(sizes[2 * p + 1])
        guard (1...pages[1]).contains(height), (1...pages[2]).contains(width) else {
          throw fail(
            "/pages/sizes[\(p)] = \(height)×\(width) (height × width) does not fit the \(pages[1])×\(pages[2]) pages")
        }
        let book = books[p] >= 0 ? bookNames[Int(books[p])] : ""
        return PageInfo(name: names[p], book: book, height: height, width: width)
      }
    }
  }

  /// The shape of dataset `name` after checking it exists, holds `T` and has `rank`
  /// dimensions.
  private static func checkedShape<T: HDF5Scalar>(
    _ file: HDF5File, _ name: String, _ type: T.Type, rank: Int, layout: String, path: String
  ) throws -> [Int] {
    guard file.exists(name) else { throw DatasetError(path: path, reason: "dataset /\(name) is missing") }
    return try DatasetError.wrapping(path: path, "cannot read /\(name)") {
      let dataset = try file.openDataset(name)
      do {
        try dataset.requireType(T.self)
      } catch let error as HDF5Error {
        throw DatasetError(path: path, reason: "/\(name) \(error.detail)")
      }
      let shape = try dataset.shape()
      guard shape.count == rank else {
        throw DatasetError(path: path, reason: "/\(name) has shape \(shape), expected \(layout)")
      }
      return shape
    }
  }

  private static func readClasses(_ file: HDF5File, path: String) throws -> [String] {
    guard file.exists(DatasetLayout.classes) else {
      throw DatasetError(path: path, reason: "dataset /classes is missing")
    }
    return try DatasetError.wrapping(path: path, "cannot read /classes") {
      let dataset = try file.openDataset(DatasetLayout.classes)
      guard try dataset.elementType().kind == .string, try dataset.shape().count == 1 else {
        throw DatasetError(path: path, reason: "/classes must be a 1-D array of strings")
      }
      let names = try dataset.readStrings()
      var seen: [String: Int] = [:]
      for (index, name) in names.enumerated() {
        if let first = seen[name] {
          throw DatasetError(
            path: path,
            reason: "/classes names \"\(name)\" twice (indices \(first) and \(index)); class names are unique")
        }
        seen[name] = index
      }
      return names
    }
  }

  /// The sorted names under group `name`, or [] if it does not exist.
  private static func children(_ file: HDF5File, _ name: String, path: String) throws -> [String] {
    guard file.exists(name) else { return [] }
    return try DatasetError.wrapping(path: path, "cannot list /\(name)") { try file.openGroup(name).childNames() }
  }

  /// Throws unless every value is in `-1..<limit` (or `0..<limit` without `unknown`).
  private static func checkRange(
    _ values: [Int32], limit: Int, what: String, unit: String, path: String, unknown: Bool = true
  ) throws {
    let lower: Int32 = unknown ? -1 : 0
    if let bad = values.firstIndex(where: { $0 < lower || Int($0) >= limit }) {
      throw DatasetError(
        path: path, reason: "\(what)[\(bad)] = \(values[bad]) is outside \(lower)..<\(limit) (\(limit) \(unit))")
    }
  }
}
