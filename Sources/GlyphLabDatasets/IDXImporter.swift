import GlyphLabCore

/// Imports an IDX image file and its IDX label file (the MNIST family: MNIST,
/// Fashion-MNIST, Kuzushiji-MNIST, Oracle-MNIST, …), gzipped or not, into a dataset.
///
/// Images stream through in batches of ``ImportOptions/chunkImages``, so memory stays at a
/// few batches whatever the file size. Both headers are checked before anything is written;
/// a truncated or corrupt file fails with its name and leaves no output file.
public struct IDXImporter: Sendable {
  /// The IDX3 image file: unsigned bytes [N, H, W].
  public var imagesPath: String
  /// The IDX1 label file: unsigned bytes [N].
  public var labelsPath: String
  /// The class names, indexed by label; `nil` names them "0", "1", … up to the largest
  /// label.
  public var classNames: [String]?
  /// Size, ink (default ``InkPolarity/light``: 0 is already the background) and metadata.
  public var options: ImportOptions

  /// An importer of `imagesPath` with `labelsPath`.
  public init(imagesPath: String, labelsPath: String, classNames: [String]? = nil, options: ImportOptions) {
    self.imagesPath = imagesPath
    self.labelsPath = labelsPath
    self.classNames = classNames
    self.options = options
  }

  /// Writes the dataset to `destination` (atomically) and says what was written.
  ///
  /// - Complexity: O(N·H·W), decompression and fitting in parallel batches.
  @discardableResult
  public func run(to destination: String) throws -> ImportResult {
    let labelReader = try GzipReader(path: labelsPath)
    let labelHeader = try IDXHeader.read(from: labelReader, rank: 1, what: "labels")
    let imageReader = try GzipReader(path: imagesPath)
    let imageHeader = try IDXHeader.read(from: imageReader, rank: 3, what: "images")
    let count = imageHeader.dimensions[0]
    let (sourceHeight, sourceWidth) = (imageHeader.dimensions[1], imageHeader.dimensions[2])
    guard labelHeader.dimensions[0] == count else {
      throw DatasetError(
        path: labelsPath, reason: "has \(labelHeader.dimensions[0]) labels, but \(imagesPath) has \(count) images")
    }
    guard sourceHeight > 0, sourceWidth > 0 else {
      throw DatasetError(path: imagesPath, reason: "image size \(sourceWidth)x\(sourceHeight): nothing to import")
    }
    guard sourceHeight <= 1 << 20, sourceWidth <= 1 << 20,
      sourceHeight * sourceWidth <= DatasetLayout.maximumChunkBytes
    else {
      throw DatasetError(
        path: imagesPath,
        reason: "the IDX header claims images of \(sourceWidth)x\(sourceHeight) pixels; a glyph image can have at "
          + "most \(DatasetLayout.maximumChunkBytes >> 20) Mpixel (e.g. 4096x4096)")
    }
    let labels = try labelReader.readExactly(count, what: "\(count) labels").map { Int32($0) }
    try labelReader.expectEnd(after: "\(count) labels")
    let classes = try classNames(for: labels)

    let size = try options.size ?? ImageSize(height: sourceHeight, width: sourceWidth)
    let fitter = ImageFitter(size: size, upscale: options.upscale)
    let invert = (options.ink ?? .light).needsInversion
    let writer = try GlyphDatasetWriter(
      path: destination, metadata: options.metadata, height: size.height, width: size.width,
      chunkImages: options.chunkImages)
    let batch = writer.chunkImages
    let sourceBytes = sourceHeight * sourceWidth
    var start = 0
    while start < count {
      let rows = min(batch, count - start)
      let raw = try imageReader.readExactly(
        rows * sourceBytes,
        what: "images \(start)..<\(start + rows) (\(count) images of \(sourceWidth)x\(sourceHeight))")
      var pixels = [UInt8](repeating: 0, count: rows * size.height * size.width)
      raw.withUnsafeBufferPointer { input in
        pixels.withUnsafeMutableBufferPointer { output in
          Parallel.forEachChunk(count: rows, minimumChunk: 64) { range in
            for i in range {
              fitter.fit(
                UnsafeBufferPointer(rebasing: input[(i * sourceBytes)..<((i + 1) * sourceBytes)]),
                height: sourceHeight, width: sourceWidth, invert: invert,
                into: UnsafeMutableBufferPointer(
                  rebasing: output[(i * size.height * size.width)..<((i + 1) * size.height * size.width)]))
            }
          }
        }
      }
      try writer.append(images: pixels, labels: Array(labels[start..<(start + rows)]))
      start += rows
    }
    try imageReader.expectEnd(after: "\(count) images")
    try writer.setClasses(classes)
    try writer.finish()
    let fitted = (sourceHeight, sourceWidth) == (size.height, size.width) ? 0 : count
    return ImportResult(
      path: destination, count: count, height: size.height, width: size.width, classes: classes.count,
      fitted: fitted)
  }

  private func classNames(for labels: [Int32]) throws -> [String] {
    let largest = Int(labels.max() ?? -1)
    guard let names = classNames else { return (0...max(0, largest)).map { String($0) } }
    guard largest < names.count else {
      throw DatasetError(
        path: labelsPath, reason: "label \(largest) has no class name: \(names.count) names were given")
    }
    return names
  }
}
