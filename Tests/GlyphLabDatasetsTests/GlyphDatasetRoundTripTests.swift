import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("Dataset write → read")
struct GlyphDatasetRoundTripTests {
  @Test func everythingWrittenReadsBack() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("full.h5").path
    let (n, h, w) = (2_500, 8, 6)
    let images = DatasetFixtures.pixels(count: n, height: h, width: w)
    let labels = (0..<n).map { Int32($0 % 7 == 0 ? -1 : $0 % 3) }
    let fonts = (0..<n).map { Int32($0 % 2) }
    let editions = (0..<n).map { Int32($0 % 5 == 0 ? -1 : $0 % 4) }
    let features = Matrix(rows: n, columns: 3) { i, j in Float(i) * 0.5 - Float(j) }
    let classes = ["郷", "鄉", "Greek/character01"]

    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetFixtures.metadata, height: h, width: w, chunkImages: 1024)
    try writer.declareGroup("font", values: ["Song", "楷書"])
    try writer.declareGroup("edition", values: ["1612", "1708", "1781", "1850"])
    // Batches of uneven sizes cross chunk boundaries.
    var start = 0
    for size in [7, 1_000, 1, 1_024, 468] {
      let range = start..<(start + size)
      try writer.append(
        images: Array(images[(range.lowerBound * h * w)..<(range.upperBound * h * w)]),
        labels: Array(labels[range]),
        groups: ["font": Array(fonts[range]), "edition": Array(editions[range])])
      start += size
      #expect(writer.count == start)
    }
    try writer.setClasses(classes)
    try writer.addFeatures("clip", features)
    try writer.declarePages(height: 20, width: 30)
    let page0 = DatasetFixtures.pixels(count: 1, height: 20, width: 30)
    let page1 = DatasetFixtures.pixels(count: 1, height: 20, width: 30, offset: 9)
    try writer.appendPage(pixels: page0, boxes: [0, 0, 5, 5, 10, 2, 20, 18], boxLabels: [0, 2])
    try writer.appendPage(pixels: page1, boxes: [1, 1, 29, 19], boxLabels: [-1])
    #expect(!FileManager.default.fileExists(atPath: path), "nothing at the destination before finish")
    try writer.finish()
    #expect(try DatasetFixtures.entries(directory) == ["full.h5"])

    let reader = try GlyphDatasetReader(path: path)
    #expect(reader.metadata == DatasetFixtures.metadata)
    #expect(reader.version == DatasetFormat.version)
    #expect(reader.createdBy == "glyphlab \(GlyphLabVersion.current)")
    #expect((reader.count, reader.height, reader.width) == (n, h, w))
    #expect(try reader.allImages().pixels == images)
    #expect(try reader.images(1_020..<1_030).pixels == Array(images[(1_020 * h * w)..<(1_030 * h * w)]))
    #expect(try reader.images(0..<0).count == 0)
    #expect(try reader.labels() == labels)
    #expect(try reader.classes() == classes)
    #expect(try reader.groupNames() == ["edition", "font"])
    #expect(try reader.group("font").values == fonts)
    #expect(try reader.group("font").names == ["Song", "楷書"])
    #expect(try reader.group("edition").values == editions)
    #expect(try reader.featureNames() == ["clip"])
    #expect(try reader.features("clip").elements == features.elements)
    #expect(reader.hasPages)
    let pages = try reader.pages()
    #expect(
      pages
        == PageSet(
          count: 2, height: 20, width: 30, images: page0 + page1, boxes: [0, 0, 5, 5, 10, 2, 20, 18, 1, 1, 29, 19],
          boxPage: [0, 0, 1], boxLabel: [0, 2, -1]))

    // The storage the format promises: chunked, compressed, growable images.
    let file = try HDF5File(path: path, mode: .readOnly)
    let stored = try file.openDataset("images")
    #expect(try stored.chunkShape() == [1024, h, w])
    #expect(try stored.maxShape() == [nil, h, w])
    #expect(try stored.deflateLevel() != nil)
    #expect(try file.stringAttribute("format") == "glyphlab-dataset")
    #expect(try file.stringAttribute("license") == "CC0-1.0")
  }

  @Test func anEmptyDatasetWithoutClassesIsValid() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("empty.h5").path
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: "e", source: "s", license: "l"), height: 2, width: 2)
    try writer.finish()
    let reader = try GlyphDatasetReader(path: path)
    #expect(reader.count == 0)
    #expect(reader.metadata.description == "")
    #expect(try reader.classes() == [])
    #expect(try reader.groupNames() == [])
    #expect(!reader.hasPages)
    #expect(throws: DatasetError.self) { try reader.pages() }
    #expect(throws: DatasetError.self) { try reader.group("font") }
  }

  @Test func largeImagesGetSmallerChunks() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("big.h5").path
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetFixtures.metadata, height: 512, width: 512)
    #expect(writer.chunkImages == 64)  // 16 MiB / 256 KiB
    writer.discard()
    #expect(try DatasetFixtures.entries(directory).isEmpty)
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/h5dump")))
  func h5dumpReadsTheFile() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try DatasetFixtures.writeSmall(at: directory.appendingPathComponent("small.h5").path)
    let header = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-H", path])
    #expect(header.status == 0, "\(header.stderr)")
    #expect(header.stdout.contains("DATASET \"images\""))
    #expect(header.stdout.contains("H5T_STD_U8LE"))
    #expect(header.stdout.contains("( 5, 4, 3 ) / ( H5S_UNLIMITED, 4, 3 )"))
    let classes = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-d", "/classes", path])
    #expect(classes.status == 0)
    // h5dump prints non-ASCII bytes in octal; "郷" is E9 83 B7 in UTF-8.
    #expect(classes.stdout.contains("CSET H5T_CSET_UTF8"))
    #expect(classes.stdout.contains("(0): \"\\37777777751\\37777777603\\37777777667\""))
  }
}
