import Foundation
import GlyphLabCore
import GlyphLabImaging

/// Imports scanned book pages with a per-character box table in the layout of the CODH
/// Pre-Modern Japanese Text dataset (PMJT): per book, a folder `BOOK/` holding
/// `BOOK_coordinate.csv` and `images/*.jpg`. The CSV's header names the columns
/// `Unicode,Image,X,Y,Block ID,Char ID,Width,Height` (in any order); `Unicode` is the
/// character as `U+XXXX`, `Image` the page file's stem, and the box is `X, Y, Width, Height`
/// in pixels of the scan.
///
/// It writes both halves of a dataset:
/// - the pages (`/pages/*`), greyscale with ink up (inverted: 0 = paper), scaled by
///   ``pageScale`` (area averaging), padded with paper at the right and bottom to the largest
///   page, with each page's real size, name and book in `/pages/sizes`, `/pages/names` and
///   `/pages/book` (format 1.1), and the boxes scaled with them;
/// - one glyph image per box (`/images`, `/labels`, `/classes`, `/groups/book`,
///   `/groups/page`), cropped from the full-resolution scan and fitted into
///   ``ImportOptions/size`` (default 48 × 48) by ``ImageFitter``.
///
/// Books are the sub-folders of ``root`` in name order (or ``root`` itself when it holds
/// its own `ROOT_coordinate.csv`); pages within a book in name order; boxes in CSV order.
/// Classes are the characters sorted by code point. Any bad input — a CSV without the
/// columns, a row whose code point is not a character, a number that does not parse, a
/// missing image, a corrupt or truncated JPEG, a box outside its page — fails the import
/// with an error naming the file (and the CSV row), and no output file is left.
public struct PMJTImporter: Sendable {
  /// The folder of books, or one book's folder.
  public var root: String
  /// The factor pages are scaled by, in (0, 1] (default 1: the scan's size). Boxes are
  /// scaled with them; glyph crops always come from the full-resolution scan.
  public var pageScale: Double
  /// The largest page stored, in pixels after scaling (default 2²⁶, e.g. 8,192 × 8,192).
  public var maximumPagePixels: Int
  /// Glyph size (``ImportOptions/size``, default 48 × 48), ink (default
  /// ``InkPolarity/dark``), metadata.
  public var options: ImportOptions

  /// The CSV columns the importer reads.
  public static let columns = ["Unicode", "Image", "X", "Y", "Block ID", "Char ID", "Width", "Height"]

  /// An importer of the books under `root`.
  public init(root: String, pageScale: Double = 1, maximumPagePixels: Int = 1 << 26, options: ImportOptions) {
    self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    self.pageScale = pageScale
    self.maximumPagePixels = maximumPagePixels
    self.options = options
  }

  /// One boxed character of the CSV.
  struct Box {
    var character: String
    var page: String
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    /// The CSV's line number (the header is line 1).
    var line: Int
  }

  /// One page of a book: its image file and boxes.
  struct Page {
    var book: String
    var name: String
    var imagePath: String
    var csvPath: String
    var boxes: [Box]
  }

  /// The books' folders under the root, in import order.
  func bookFolders() throws -> [(name: String, path: String)] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DatasetError(path: root, reason: "no such folder")
    }
    let rootName = URL(fileURLWithPath: root).lastPathComponent
    if FileManager.default.fileExists(atPath: "\(root)/\(rootName)_coordinate.csv") {
      return [(rootName, root)]
    }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted()
    } catch {
      throw DatasetError(path: root, reason: "cannot list the folder: \(error.localizedDescription)")
    }
    var books: [(String, String)] = []
    for name in names {
      let path = "\(root)/\(name)"
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        continue
      }
      guard FileManager.default.fileExists(atPath: "\(path)/\(name)_coordinate.csv") else {
        throw DatasetError(path: path, reason: "book folder without \(name)_coordinate.csv")
      }
      books.append((name, path))
    }
    guard !books.isEmpty else {
      throw DatasetError(path: root, reason: "holds no book folders (BOOK/BOOK_coordinate.csv with BOOK/images/)")
    }
    return books
  }

  /// The pages of one book, from its CSV, in name order.
  func pages(book: String, folder: String) throws -> [Page] {
    let csvPath = "\(folder)/\(book)_coordinate.csv"
    let boxes = try Self.parseCSV(path: csvPath)
    var byPage: [String: [Box]] = [:]
    for box in boxes { byPage[box.page, default: []].append(box) }
    return byPage.keys.sorted().map { name in
      Page(
        book: book, name: name, imagePath: "\(folder)/images/\(name).jpg", csvPath: csvPath, boxes: byPage[name] ?? [])
    }
  }

  /// The boxes of a coordinate CSV, checked row by row.
  static func parseCSV(path: String) throws -> [Box] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DatasetError(path: path, reason: "cannot read file")
    }
    var text = String(decoding: data, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    guard let headerLine = lines.first else { throw DatasetError(path: path, reason: "empty CSV") }
    let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    var index: [String: Int] = [:]
    for column in columns {
      guard let i = header.firstIndex(of: column) else {
        throw DatasetError(
          path: path,
          reason: "row 1: header has no column \"\(column)\" (expected \(columns.joined(separator: ",")))")
      }
      index[column] = i
    }
    var boxes: [Box] = []
    for (offset, line) in lines.enumerated().dropFirst() {
      let number = offset + 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard fields.count == header.count else {
        throw DatasetError(path: path, reason: "row \(number): \(fields.count) fields, the header has \(header.count)")
      }
      func field(_ name: String) -> String { fields[index[name] ?? 0] }
      func integer(_ name: String) throws -> Int {
        guard let value = Int(field(name)) else {
          throw DatasetError(path: path, reason: "row \(number): \(name) \"\(field(name))\" is not an integer")
        }
        return value
      }
      let character = try character(field("Unicode"), row: number, path: path)
      let page = field("Image")
      guard !page.isEmpty, !page.contains("/"), page != ".", page != ".." else {
        throw DatasetError(path: path, reason: "row \(number): Image \"\(page)\" is not a page file's stem")
      }
      let box = Box(
        character: character, page: page, x: try integer("X"), y: try integer("Y"), width: try integer("Width"),
        height: try integer("Height"), line: number)
      guard box.width > 0, box.height > 0 else {
        throw DatasetError(
          path: path, reason: "row \(number): box size \(box.width)×\(box.height) must be positive")
      }
      boxes.append(box)
    }
    return boxes
  }

  /// The character named by `text` ("U+XXXX", 4 to 6 hex digits): refuses surrogates, values
  /// past U+10FFFF, noncharacters, controls and unassigned code points.
  static func character(_ text: String, row: Int, path: String) throws -> String {
    func fail(_ why: String) -> DatasetError {
      DatasetError(path: path, reason: "row \(row): Unicode \"\(text)\" \(why)")
    }
    let upper = text.uppercased()
    guard upper.hasPrefix("U+") else { throw fail("is not of the form U+XXXX") }
    let digits = upper.dropFirst(2)
    guard (4...6).contains(digits.count), digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16)
    else { throw fail("is not of the form U+XXXX") }
    guard let scalar = Unicode.Scalar(value) else { throw fail("is not a character (a surrogate or past U+10FFFF)") }
    let low = value & 0xFFFF
    guard !(0xFDD0...0xFDEF).contains(value), low != 0xFFFE, low != 0xFFFF else {
      throw fail("is a noncharacter")
    }
    switch scalar.properties.generalCategory {
    case .control: throw fail("is a control character")
    case .unassigned: throw fail("is an unassigned code point")
    default: return String(Character(scalar))
    }
  }

  /// The page size after scaling.
  func scaledSize(width: Int, height: Int) -> (width: Int, height: Int) {
    guard pageScale != 1 else { return (width, height) }
    return (max(1, Int((Double(width) * pageScale).rounded())), max(1, Int((Double(height) * pageScale).rounded())))
  }

  /// Writes the dataset to `destination` (atomically) and says what was written.
  ///
  /// - Complexity: O(scan pixels): each scan is decoded, scaled and cropped once; memory is
  ///   one scan at a time plus the glyphs of one page.
  @discardableResult
  public func run(to destination: String) throws -> ImportResult {
    guard pageScale.isFinite, pageScale > 0, pageScale <= 1 else {
      throw DatasetError(path: root, reason: "page scale \(pageScale) must be in (0, 1]")
    }
    let glyphSize = try options.size ?? ImageSize(height: 48, width: 48)
    let invert = (options.ink ?? .dark).needsInversion
    var pages: [Page] = []
    for book in try bookFolders() { pages += try self.pages(book: book.name, folder: book.path) }
    guard !pages.isEmpty else { throw DatasetError(path: root, reason: "the CSVs hold no boxes") }
    // Pass 1: every scan's size from its header, and every box inside its scan.
    var sizes: [(width: Int, height: Int)] = []
    for page in pages {
      let data = try Self.read(page)
      let size = try DatasetError.wrapping(path: page.imagePath, "cannot read the JPEG") {
        try JPEGCodec.size(of: data, path: page.imagePath)
      }
      for box in page.boxes
      where box.x < 0 || box.y < 0 || box.x + box.width > size.width
        || box.y + box.height > size.height
      {
        throw DatasetError(
          path: page.csvPath,
          reason:
            "row \(box.line): box (x \(box.x), y \(box.y), w \(box.width), h \(box.height)) is outside its page \(page.name).jpg (\(size.width)×\(size.height))"
        )
      }
      let scaled = scaledSize(width: size.width, height: size.height)
      guard scaled.width * scaled.height <= maximumPagePixels else {
        throw DatasetError(
          path: page.imagePath,
          reason:
            "page of \(scaled.width)×\(scaled.height) after scaling exceeds the limit of \(maximumPagePixels) pixels")
      }
      sizes.append(scaled)
    }
    let pageWidth = sizes.map(\.width).max() ?? 1
    let pageHeight = sizes.map(\.height).max() ?? 1
    let classes = Set(pages.flatMap { $0.boxes.map(\.character) }).sorted {
      $0.unicodeScalars.first?.value ?? 0 < $1.unicodeScalars.first?.value ?? 0
    }
    let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Int32($0)) })
    var books: [String] = []
    for page in pages where books.last != page.book { books.append(page.book) }
    let bookIndex = Dictionary(uniqueKeysWithValues: books.enumerated().map { ($1, Int32($0)) })

    let writer = try GlyphDatasetWriter(
      path: destination, metadata: options.metadata, height: glyphSize.height, width: glyphSize.width,
      chunkImages: options.chunkImages)
    try writer.declareGroup("book", values: books)
    try writer.declareGroup("page", values: pages.map(\.name))
    try writer.declarePages(height: pageHeight, width: pageWidth)
    try writer.setClasses(classes)
    let fitter = ImageFitter(size: glyphSize, upscale: options.upscale)
    var fitted = 0
    // Pass 2: decode each scan, crop its glyphs, scale and store the page.
    for (p, page) in pages.enumerated() {
      let scan = try DatasetError.wrapping(path: page.imagePath, "cannot decode the JPEG") {
        try JPEGCodec.decodeGray(try Self.read(page), path: page.imagePath)
      }
      var glyphs = [UInt8](repeating: 0, count: page.boxes.count * glyphSize.height * glyphSize.width)
      var crop: [UInt8] = []
      for (b, box) in page.boxes.enumerated() {
        crop.removeAll(keepingCapacity: true)
        for y in box.y..<(box.y + box.height) {
          crop.append(contentsOf: scan.pixels[(y * scan.width + box.x)..<(y * scan.width + box.x + box.width)])
        }
        if box.width != glyphSize.width || box.height != glyphSize.height { fitted += 1 }
        crop.withUnsafeBufferPointer { source in
          glyphs.withUnsafeMutableBufferPointer { all in
            let start = b * glyphSize.height * glyphSize.width
            let out = UnsafeMutableBufferPointer(rebasing: all[start..<(start + glyphSize.height * glyphSize.width)])
            fitter.fit(source, height: box.height, width: box.width, invert: invert, into: out)
          }
        }
      }
      try writer.append(
        images: glyphs, labels: page.boxes.map { classIndex[$0.character] ?? -1 },
        groups: [
          "book": Array(repeating: bookIndex[page.book] ?? -1, count: page.boxes.count),
          "page": Array(repeating: Int32(p), count: page.boxes.count),
        ])
      let (pixels, scaledBoxes) = scaledPage(scan, boxes: page.boxes, to: sizes[p], invert: invert)
      var padded = [UInt8](repeating: 0, count: pageHeight * pageWidth)
      for y in 0..<sizes[p].height {
        padded[(y * pageWidth)..<(y * pageWidth + sizes[p].width)] =
          pixels[(y * sizes[p].width)..<((y + 1) * sizes[p].width)]
      }
      try writer.appendPage(
        pixels: padded, boxes: scaledBoxes, boxLabels: page.boxes.map { classIndex[$0.character] ?? -1 },
        info: PageInfo(name: page.name, book: page.book, height: sizes[p].height, width: sizes[p].width))
    }
    try writer.finish()
    return ImportResult(
      path: destination, count: writer.count, height: glyphSize.height, width: glyphSize.width,
      classes: classes.count, groups: ["book": books.count, "page": pages.count], fitted: fitted)
  }

  /// The scan scaled to `size` (area averaging) with ink up, and its boxes scaled with it
  /// (edges rounded to the nearest pixel, at least one pixel wide and high).
  func scaledPage(
    _ scan: GrayImage, boxes: [Box], to size: (width: Int, height: Int), invert: Bool
  ) -> (pixels: [UInt8], boxes: [Int32]) {
    let pixels =
      size.width == scan.width && size.height == scan.height
      ? (invert ? scan.pixels.map { 255 - $0 } : scan.pixels)
      : Self.resample(scan, width: size.width, height: size.height, invert: invert)
    let sx = Double(size.width) / Double(scan.width)
    let sy = Double(size.height) / Double(scan.height)
    var out: [Int32] = []
    for box in boxes {
      var x0 = Int((Double(box.x) * sx).rounded())
      var y0 = Int((Double(box.y) * sy).rounded())
      let x1 = min(size.width, max(x0 + 1, Int((Double(box.x + box.width) * sx).rounded())))
      let y1 = min(size.height, max(y0 + 1, Int((Double(box.y + box.height) * sy).rounded())))
      x0 = min(x0, x1 - 1)
      y0 = min(y0, y1 - 1)
      out += [Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0)]
    }
    return (pixels, out)
  }

  /// `image` resampled to exactly `width × height` by area averaging (the filter of
  /// ``ImageFitter``), rounded to the nearest byte.
  ///
  /// - Complexity: O(source pixels × (1 + width / source width)).
  static func resample(_ image: GrayImage, width: Int, height: Int, invert: Bool) -> [UInt8] {
    let columns = ImageFitter.AxisWeights(source: image.width, target: width)
    let rows = ImageFitter.AxisWeights(source: image.height, target: height)
    var horizontal = [Float](repeating: 0, count: image.height * width)
    for y in 0..<image.height {
      let row = y * image.width
      for x in 0..<width {
        let start = columns.starts[x]
        let first = columns.offsets[x]
        var sum: Float = 0
        for k in 0..<(columns.offsets[x + 1] - first) {
          sum += columns.weights[first + k] * Float(image.pixels[row + start + k])
        }
        horizontal[y * width + x] = sum
      }
    }
    var out = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
      let start = rows.starts[y]
      let first = rows.offsets[y]
      let taps = rows.offsets[y + 1] - first
      for x in 0..<width {
        var sum: Float = 0
        for k in 0..<taps { sum += rows.weights[first + k] * horizontal[(start + k) * width + x] }
        let value = invert ? 255 - sum : sum
        out[y * width + x] = UInt8(min(255, max(0, (value + 0.5).rounded(.down))))
      }
    }
    return out
  }

  private static func read(_ page: Page) throws -> [UInt8] {
    guard FileManager.default.fileExists(atPath: page.imagePath) else {
      let row = page.boxes.first?.line ?? 0
      throw DatasetError(
        path: page.csvPath, reason: "row \(row): image \(page.name) has no file \(page.imagePath)")
    }
    guard let data = FileManager.default.contents(atPath: page.imagePath) else {
      throw DatasetError(path: page.imagePath, reason: "cannot read file")
    }
    return [UInt8](data)
  }
}
