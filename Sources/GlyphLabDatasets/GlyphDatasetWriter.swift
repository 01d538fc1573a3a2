import GlyphLabCore
import GlyphLabFiles
import GlyphLabHDF5

/// Writes a GlyphLab dataset file (see `Datasets/README.md`), streaming images in chunks.
///
/// Everything goes to a hidden temporary file beside `path`'s real file (a link at `path` is
/// followed and kept); ``finish()`` checks the whole
/// dataset and renames it into place, so `path` never holds a partial dataset. If the writer
/// goes away without a successful ``finish()``, the temporary file is deleted.
///
/// ```swift
/// let writer = try GlyphDatasetWriter(path: "glyphs.h5", metadata: meta, height: 64, width: 64)
/// try writer.declareGroup("font", values: ["Song", "Kai"])
/// try writer.append(images: pixels, labels: [0, 1], groups: ["font": [0, 1]])
/// try writer.setClasses(["郷", "鄉"])
/// try writer.finish()
/// ```
///
/// Memory: one chunk of images, plus 4 bytes per image for the label and for each group.
public final class GlyphDatasetWriter {
  /// The destination file.
  public let path: String
  /// The metadata written as root attributes.
  public let metadata: DatasetMetadata
  /// Image height and width in pixels.
  public let height: Int
  public let width: Int
  /// Images per HDF5 chunk of `/images` (the requested number, lowered so a chunk stays
  /// within 16 MiB).
  public let chunkImages: Int

  private enum State {
    case open
    case finished
    case failed(String)
  }

  private let staged: HDF5StagedFile
  private var state = State.open
  private var images: HDF5Dataset?
  /// Images not yet written: fewer than one chunk, so every write fills whole chunks.
  private var pending: [UInt8] = []
  private var labels: [Int32] = []
  private var groupNames: [String] = []
  private var groupValueNames: [String: [String]] = [:]
  private var groupColumns: [String: [Int32]] = [:]
  private var classes: [String]?
  private var featureRows: [String: Int] = [:]
  private var pageSize: (height: Int, width: Int)?
  private var pageImages: HDF5Dataset?
  private var pageCount = 0
  private var boxes: [Int32] = []
  private var boxPage: [Int32] = []
  private var boxLabel: [Int32] = []
  private var pageInfos: [PageInfo?] = []

  /// Starts a dataset of `height × width` images at `path` (replaced on ``finish()`` if it
  /// exists).
  ///
  /// - Parameters:
  ///   - metadata: the root attributes; `created_by` is added.
  ///   - chunkImages: images per HDF5 chunk (default 1024): the unit of compression and of
  ///     streaming reads.
  public init(path: String, metadata: DatasetMetadata, height: Int, width: Int, chunkImages: Int = 1024) throws {
    guard height > 0, width > 0 else {
      throw DatasetError(path: path, reason: "image size \(height)×\(width): height and width must be positive")
    }
    guard chunkImages > 0 else {
      throw DatasetError(path: path, reason: "chunkImages must be positive, got \(chunkImages)")
    }
    self.path = path
    self.metadata = metadata
    self.height = height
    self.width = width
    self.chunkImages = max(1, min(chunkImages, DatasetLayout.maximumChunkBytes / (height * width)))
    staged = try DatasetError.wrapping(path: path, "cannot create a temporary file beside it") {
      try HDF5StagedFile(creating: RealPath.resolve(path))
    }
    try DatasetError.wrapping(path: path, "cannot write") {
      let file = staged.file
      try file.setAttribute("format", DatasetFormat.name)
      try file.setAttribute("version", DatasetFormat.version)
      try file.setAttribute("name", metadata.name)
      try file.setAttribute("source", metadata.source)
      try file.setAttribute("license", metadata.license)
      if !metadata.description.isEmpty { try file.setAttribute("description", metadata.description) }
      try file.setAttribute("created_by", "glyphlab \(GlyphLabVersion.current)")
      images = try file.createDataset(
        DatasetLayout.images, of: UInt8.self, shape: [0, height, width], maxShape: [nil, height, width],
        chunks: [self.chunkImages, height, width], compression: DatasetLayout.deflateLevel)
    }
  }

  /// The number of images appended so far.
  public var count: Int { labels.count }

  /// Declares group `name` (e.g. "font") whose values are indices into `values` (e.g.
  /// ["Song", "Kai"]), or −1 for unknown. Call before the first ``append(images:labels:groups:)``;
  /// every append must then give this group.
  public func declareGroup(_ name: String, values: [String]) throws {
    try requireOpen()
    try DatasetLayout.validateName(name, kind: "group", path: path)
    guard groupValueNames[name] == nil else {
      throw DatasetError(path: path, reason: "group \(name) is declared twice")
    }
    guard count == 0 else {
      throw DatasetError(path: path, reason: "group \(name) declared after \(count) images were appended")
    }
    guard !values.isEmpty else {
      throw DatasetError(path: path, reason: "group \(name) has no values")
    }
    groupNames.append(name)
    groupValueNames[name] = values
    groupColumns[name] = []
  }

  /// Appends images with their labels (indices into the classes, or −1 for unknown) and
  /// the value of every declared group for each.
  ///
  /// - Parameter images: `labels.count × height × width` pixels, 0 = paper, 255 = ink.
  public func append(images newImages: [UInt8], labels newLabels: [Int32], groups: [String: [Int32]] = [:]) throws {
    try requireOpen()
    let rows = newLabels.count
    guard newImages.count == rows * height * width else {
      throw DatasetError(
        path: path,
        reason: "append: \(newImages.count) pixels for \(rows) labels of \(height)×\(width) images")
    }
    if let bad = newLabels.firstIndex(where: { $0 < -1 }) {
      throw DatasetError(path: path, reason: "append: label \(newLabels[bad]) of image \(count + bad) is below −1")
    }
    for name in groups.keys where groupValueNames[name] == nil {
      throw DatasetError(path: path, reason: "append: group \(name) was not declared")
    }
    for name in groupNames {
      guard let values = groups[name] else {
        throw DatasetError(path: path, reason: "append: group \(name) is declared but not given")
      }
      guard values.count == rows else {
        throw DatasetError(path: path, reason: "append: group \(name) has \(values.count) values for \(rows) images")
      }
      let limit = Int32(groupValueNames[name]?.count ?? 0)
      if let bad = values.firstIndex(where: { $0 < -1 || $0 >= limit }) {
        throw DatasetError(
          path: path,
          reason: "append: group \(name) value \(values[bad]) of image \(count + bad) is outside −1..<\(limit)")
      }
    }
    try writing {
      pending.append(contentsOf: newImages)
      let chunkBytes = chunkImages * height * width
      if pending.count >= chunkBytes {
        let whole = pending.count / chunkBytes * chunkBytes
        try pending.withUnsafeBufferPointer { buffer in
          try appendImages(UnsafeBufferPointer(rebasing: buffer[0..<whole]))
        }
        pending.removeFirst(whole)
      }
    }
    labels.append(contentsOf: newLabels)
    for name in groupNames { groupColumns[name, default: []].append(contentsOf: groups[name] ?? []) }
  }

  /// Sets the class names that labels index, e.g. ["郷", "鄉"]. Names must be unique.
  public func setClasses(_ classes: [String]) throws {
    try requireOpen()
    var seen: [String: Int] = [:]
    for (index, name) in classes.enumerated() {
      if let first = seen[name] {
        throw DatasetError(path: path, reason: "class \"\(name)\" appears twice (indices \(first) and \(index))")
      }
      seen[name] = index
    }
    self.classes = classes
  }

  /// Sets an extra root attribute, e.g. provenance (``DatasetProvenance``). The standard
  /// attributes (`format`, `version`, `name`, `source`, `license`, `description`,
  /// `created_by`) come from the metadata and cannot be set here.
  public func setRootAttribute(_ name: String, _ value: String) throws {
    try checkRootAttribute(name)
    try writing { try staged.file.setAttribute(name, value) }
  }

  /// Sets an extra array-of-strings root attribute (see ``setRootAttribute(_:_:)-(String,String)``).
  public func setRootAttribute(_ name: String, _ values: [String]) throws {
    try checkRootAttribute(name)
    try writing { try staged.file.setAttribute(name, values) }
  }

  private func checkRootAttribute(_ name: String) throws {
    try requireOpen()
    let standard = ["format", "version", "name", "source", "license", "description", "created_by"]
    guard !name.isEmpty, !standard.contains(name) else {
      throw DatasetError(path: path, reason: "root attribute \"\(name)\" is standard and comes from the metadata")
    }
  }

  /// Stores `matrix` as `/features/<name>`: one row per image (checked in ``finish()``),
  /// e.g. embeddings from an outside model. Values must be finite.
  public func addFeatures(_ name: String, _ matrix: Matrix) throws {
    try requireOpen()
    try DatasetLayout.validateFeatures(matrix, name: name, path: path)
    guard featureRows[name] == nil else {
      throw DatasetError(path: path, reason: "features \(name) are added twice")
    }
    try writing { try DatasetLayout.writeFeatures(matrix, name: name, into: staged.file) }
    featureRows[name] = matrix.rows
  }

  /// Declares that the dataset has pages of `height × width` pixels, for
  /// ``appendPage(pixels:boxes:boxLabels:)``.
  public func declarePages(height: Int, width: Int) throws {
    try requireOpen()
    guard pageSize == nil else { throw DatasetError(path: path, reason: "pages are declared twice") }
    guard height > 0, width > 0 else {
      throw DatasetError(path: path, reason: "page size \(height)×\(width): height and width must be positive")
    }
    try writing {
      pageImages = try staged.file.createDataset(
        DatasetLayout.pageImages, of: UInt8.self, shape: [0, height, width], maxShape: [nil, height, width],
        chunks: [1, height, width], compression: DatasetLayout.deflateLevel)
    }
    pageSize = (height, width)
  }

  /// Appends a page and the glyph boxes on it.
  ///
  /// - Parameters:
  ///   - pixels: `height × width` of the declared page size, 0 = paper, 255 = ink.
  ///   - boxes: four values per box, x, y, width, height, inside the page.
  ///   - boxLabels: the class of each box, or −1.
  ///   - info: the page's name, book and real size (boxes must lie inside the real size;
  ///     the pixels beyond it should be paper). With any page given one, the dataset
  ///     records `/pages/sizes`, `/pages/names` and `/pages/book` (pages without one get
  ///     the full size, an empty name and no book).
  public func appendPage(pixels: [UInt8], boxes newBoxes: [Int32], boxLabels: [Int32], info: PageInfo? = nil) throws {
    try requireOpen()
    guard let pageSize, let pageImages else {
      throw DatasetError(path: path, reason: "appendPage before declarePages")
    }
    guard pixels.count == pageSize.height * pageSize.width else {
      throw DatasetError(
        path: path, reason: "page \(pageCount): \(pixels.count) pixels for a \(pageSize.height)×\(pageSize.width) page")
    }
    guard newBoxes.count == 4 * boxLabels.count else {
      throw DatasetError(
        path: path, reason: "page \(pageCount): \(newBoxes.count) box values for \(boxLabels.count) labels (4 each)")
    }
    if let info {
      guard (1...pageSize.height).contains(info.height), (1...pageSize.width).contains(info.width) else {
        throw DatasetError(
          path: path,
          reason:
            "page \(pageCount) (\(info.name)): real size \(info.width)×\(info.height) does not fit the \(pageSize.width)×\(pageSize.height) pages"
        )
      }
    }
    let bounds = (width: info?.width ?? pageSize.width, height: info?.height ?? pageSize.height)
    for box in 0..<boxLabels.count {
      let x = newBoxes[4 * box]
      let y = newBoxes[4 * box + 1]
      let w = newBoxes[4 * box + 2]
      let h = newBoxes[4 * box + 3]
      guard x >= 0, y >= 0, w > 0, h > 0, Int(x) + Int(w) <= bounds.width, Int(y) + Int(h) <= bounds.height
      else {
        throw DatasetError(
          path: path,
          reason:
            "page \(pageCount): box \(box) (x \(x), y \(y), w \(w), h \(h)) is not inside the \(bounds.width)×\(bounds.height) page"
        )
      }
      guard boxLabels[box] >= -1 else {
        throw DatasetError(path: path, reason: "page \(pageCount): box \(box) label \(boxLabels[box]) is below −1")
      }
    }
    try writing { try pageImages.append(pixels) }
    boxes.append(contentsOf: newBoxes)
    boxLabel.append(contentsOf: boxLabels)
    boxPage.append(contentsOf: repeatElement(Int32(pageCount), count: boxLabels.count))
    pageInfos.append(info)
    pageCount += 1
  }

  /// Checks the dataset (labels and box labels within the classes or −1, one feature row
  /// per image), writes the labels, groups, classes and boxes, and renames the file into
  /// place. A failed check throws and leaves the writer open to fix and finish again.
  public func finish() throws {
    try requireOpen()
    let classes = self.classes ?? []
    let limit = Int32(classes.count)
    if let bad = labels.firstIndex(where: { $0 >= limit }) {
      throw DatasetError(
        path: path,
        reason: self.classes == nil
          ? "label \(labels[bad]) of image \(bad) but setClasses was never called"
          : "label \(labels[bad]) of image \(bad) is outside −1..<\(limit) (\(limit) classes)")
    }
    if let bad = boxLabel.firstIndex(where: { $0 >= limit }) {
      throw DatasetError(
        path: path, reason: "box \(bad) label \(boxLabel[bad]) is outside −1..<\(limit) (\(limit) classes)")
    }
    for (name, rows) in featureRows.sorted(by: { $0.key < $1.key }) where rows != count {
      throw DatasetError(path: path, reason: "features \(name) have \(rows) rows, the dataset has \(count) images")
    }
    try writing {
      try pending.withUnsafeBufferPointer { try appendImages($0) }
      pending = []
      let file = staged.file
      try DatasetLayout.writeVector(labels, name: DatasetLayout.labels, into: file)
      try file.createStringDataset(DatasetLayout.classes, values: classes)
      for name in groupNames {
        let group = "\(DatasetLayout.groups)/\(name)"
        try DatasetLayout.writeVector(groupColumns[name] ?? [], name: group, into: file)
        try file.openDataset(group).setAttribute(DatasetLayout.groupValuesAttribute, groupValueNames[name] ?? [])
      }
      if pageSize != nil {
        let boxData = try file.createDataset(
          DatasetLayout.pageBoxes, of: Int32.self, shape: [0, 4], maxShape: [nil, 4],
          chunks: [DatasetLayout.vectorChunk / 4, 4], compression: DatasetLayout.deflateLevel)
        try boxData.append(boxes)
        try DatasetLayout.writeVector(boxPage, name: DatasetLayout.boxPage, into: file)
        try DatasetLayout.writeVector(boxLabel, name: DatasetLayout.boxLabel, into: file)
        if let pageSize, pageInfos.contains(where: { $0 != nil }) { try writePageInfos(pageSize, into: file) }
      }
      images = nil
      pageImages = nil
      try staged.commit()
    }
    state = .finished
  }

  /// Deletes the temporary file and closes the writer without writing `path`.
  public func discard() {
    images = nil
    pageImages = nil
    staged.discard()
    if case .open = state { state = .failed("discarded") }
  }

  deinit {
    images = nil
    pageImages = nil
    staged.discard()
  }

  /// `/pages/sizes`, `/pages/names` and `/pages/book` from the pages' infos.
  private func writePageInfos(_ pageSize: (height: Int, width: Int), into file: HDF5File) throws {
    var sizes: [Int32] = []
    var books: [String] = []
    var bookIndex: [Int32] = []
    for info in pageInfos {
      sizes += [Int32(info?.height ?? pageSize.height), Int32(info?.width ?? pageSize.width)]
      guard let book = info?.book, !book.isEmpty else {
        bookIndex.append(-1)
        continue
      }
      if let index = books.firstIndex(of: book) {
        bookIndex.append(Int32(index))
      } else {
        bookIndex.append(Int32(books.count))
        books.append(book)
      }
    }
    try file.createDataset(DatasetLayout.pageSizes, of: Int32.self, shape: [pageInfos.count, 2]).write(sizes)
    try file.createStringDataset(DatasetLayout.pageNames, values: pageInfos.map { $0?.name ?? "" })
    try file.createDataset(DatasetLayout.pageBook, of: Int32.self, shape: [pageInfos.count]).write(bookIndex)
    try file.openDataset(DatasetLayout.pageBook).setAttribute(DatasetLayout.groupValuesAttribute, books)
  }

  private func appendImages(_ buffer: UnsafeBufferPointer<UInt8>) throws {
    try images?.append(contentsOf: buffer)
  }

  private func requireOpen() throws {
    switch state {
    case .open: return
    case .finished: throw DatasetError(path: path, reason: "the writer has already finished")
    case .failed(let reason): throw DatasetError(path: path, reason: "the writer failed earlier: \(reason)")
    }
  }

  /// Runs an HDF5 step (inputs are checked before): a failure there leaves the file
  /// unusable, so the writer deletes it and refuses further calls.
  private func writing(_ body: () throws -> Void) throws {
    do {
      try DatasetError.wrapping(path: path, "cannot write", body)
    } catch {
      images = nil
      pageImages = nil
      staged.discard()
      state = .failed("\(error)")
      throw error
    }
  }
}
