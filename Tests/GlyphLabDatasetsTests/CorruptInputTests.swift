import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("Corrupt and mismatched inputs")
struct CorruptInputTests {
  static let options = ImportOptions(metadata: DatasetMetadata(name: "t", source: "s", license: "l"))

  /// An IDX file: magic 00 00 08 rank, big-endian dimensions, then `payload`.
  static func idx(_ dimensions: [Int], payload: [UInt8], type: UInt8 = 0x08) -> Data {
    var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
    return Data(bytes + payload)
  }

  /// A tree of two classes with two 6×5 PNGs each; returns the root.
  static func pngTree(in directory: URL) throws -> URL {
    let root = directory.appendingPathComponent("tree")
    for (c, name) in ["alpha/a", "alpha/b"].enumerated() {
      let folder = root.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for i in 0..<2 {
        var image = GrayImage(width: 5, height: 6, fill: 255)
        image[c + i, 2] = 0
        try PNGCodec.write(try PNGCodec.encode(image), to: folder.appendingPathComponent("\(i).png").path)
      }
    }
    return root
  }

  func runIDX(_ images: Data, _ labels: Data, in directory: URL) throws -> (DatasetError?, [String]) {
    let imagesPath = directory.appendingPathComponent("images.idx").path
    let labelsPath = directory.appendingPathComponent("labels.idx").path
    try images.write(to: URL(fileURLWithPath: imagesPath))
    try labels.write(to: URL(fileURLWithPath: labelsPath))
    let out = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let error = #expect(throws: DatasetError.self) {
      try IDXImporter(imagesPath: imagesPath, labelsPath: labelsPath, options: Self.options)
        .run(to: out.appendingPathComponent("d.h5").path)
    }
    let left = try DatasetFixtures.entries(out)
    try FileManager.default.removeItem(at: out)
    return (error, left)
  }

  @Test func badIDXFilesFailWithTheirNameAndLeaveNothing() throws {
    let directory = try TestPaths.temporaryDirectory("corrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let images = directory.appendingPathComponent("images.idx").path
    let labels = directory.appendingPathComponent("labels.idx").path
    let goodLabels = Self.idx([3], payload: [0, 1, 2])

    var (error, left) = try runIDX(Data([1, 2, 3, 4, 5, 6, 7, 8]), goodLabels, in: directory)
    #expect(error?.path == images)
    #expect(error?.reason.contains("not an IDX file") == true)
    #expect(left.isEmpty)

    (error, left) = try runIDX(
      Self.idx([3, 2, 2], payload: [UInt8](repeating: 9, count: 10)), goodLabels, in: directory)
    #expect(error?.path == images)
    #expect(error?.reason.contains("ends after 10 of the 12 bytes") == true)
    #expect(left.isEmpty)

    (error, left) = try runIDX(
      Self.idx([3, 2, 2], payload: [UInt8](repeating: 9, count: 13)), goodLabels, in: directory)
    #expect(error?.reason.contains("more data after 3 images") == true)
    #expect(left.isEmpty)

    (error, left) = try runIDX(Self.idx([3, 2], payload: [UInt8](repeating: 9, count: 6)), goodLabels, in: directory)
    #expect(error?.reason == "IDX images have 2 dimensions, expected 3")

    (error, left) = try runIDX(Self.idx([3, 0, 2], payload: []), goodLabels, in: directory)
    #expect(error?.reason.contains("image size 2x0") == true)
    #expect(left.isEmpty)

    (error, left) = try runIDX(
      Self.idx([3, 2, 2], payload: [UInt8](repeating: 0, count: 24), type: 0x0D), goodLabels, in: directory)
    #expect(error?.reason.contains("float32") == true)

    (error, left) = try runIDX(
      Self.idx([4, 2, 2], payload: [UInt8](repeating: 9, count: 16)), goodLabels, in: directory)
    #expect(error?.path == labels)
    #expect(error?.reason.contains("has 3 labels, but") == true)

    (error, left) = try runIDX(Data([0, 0, 8]), goodLabels, in: directory)
    #expect(error?.reason.contains("ends after 3 of the 4 bytes of the IDX magic number") == true)
  }

  @Test func aTruncatedGzipIsReportedAsSuch() throws {
    let directory = try TestPaths.temporaryDirectory("corrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = TestPaths.shared("datasets/oracle-mnist/t10k-images-idx3-ubyte.gz")
    let bytes = try Data(contentsOf: source)
    let cut = directory.appendingPathComponent("cut.gz")
    try bytes.prefix(bytes.count / 2).write(to: cut)
    var corrupt = bytes
    corrupt[bytes.count - 6] ^= 0xFF  // inside the CRC-32 trailer
    let bad = directory.appendingPathComponent("crc.gz")
    try corrupt.write(to: bad)
    let labels = TestPaths.shared("datasets/oracle-mnist/t10k-labels-idx1-ubyte.gz").path
    for file in [cut, bad] {
      let out = directory.appendingPathComponent("out.h5").path
      let error = #expect(throws: DatasetError.self) {
        try IDXImporter(imagesPath: file.path, labelsPath: labels, options: Self.options).run(to: out)
      }
      #expect(error?.path == file.path)
      #expect(error?.reason.isEmpty == false)
      #expect(try DatasetFixtures.entries(directory) == ["crc.gz", "cut.gz"])
    }
  }

  @Test func badPNGsFailWithTheirNameAndLeaveNothing() throws {
    let directory = try TestPaths.temporaryDirectory("corrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try Self.pngTree(in: directory)
    let out = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let destination = out.appendingPathComponent("d.h5").path
    // The tree imports, with the default "alphabet" group from the parent folder.
    let result = try ImageFolderImporter(root: root.path, options: Self.options).run(to: destination)
    #expect(result.count == 4)
    #expect(result.groups == ["alphabet": 1])
    let reader = try GlyphDatasetReader(path: destination)
    #expect(try reader.classes() == ["alpha/a", "alpha/b"])
    #expect(try reader.images(1..<2).pixels.enumerated().filter { $0.element != 0 }.map(\.offset) == [2 * 5 + 1])
    try FileManager.default.removeItem(atPath: destination)

    let victim = root.appendingPathComponent("alpha/b/1.png")
    let bytes = try Data(contentsOf: victim)
    try bytes.prefix(bytes.count - 20).write(to: victim)
    let truncated = #expect(throws: DatasetError.self) {
      try ImageFolderImporter(
        root: root.path,
        options: ImportOptions(
          metadata: Self.options.metadata, size: try ImageSize(height: 6, width: 5))
      ).run(to: destination)
    }
    #expect(truncated?.path == victim.path)
    #expect(try DatasetFixtures.entries(out).isEmpty)

    try Data("hello".utf8).write(to: victim)
    let notPNG = #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: root.path, options: Self.options).run(to: destination)
    }
    #expect(notPNG?.path == victim.path)
    #expect(notPNG?.reason.contains("not a PNG") == true)
    #expect(try DatasetFixtures.entries(out).isEmpty)
  }

  @Test func folderTreesMustBeUnambiguous() throws {
    let directory = try TestPaths.temporaryDirectory("corrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try Self.pngTree(in: directory)
    let destination = directory.appendingPathComponent("d.h5").path
    // A bigger image: sizes differ, so a size must be chosen.
    let big = GrayImage(width: 12, height: 8, fill: 255)
    try PNGCodec.write(try PNGCodec.encode(big), to: root.appendingPathComponent("alpha/a/2.png").path)
    let sizes = #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: root.path, options: Self.options).run(to: destination)
    }
    #expect(sizes?.reason.contains("images differ in size") == true)
    var sized = Self.options
    sized.size = try ImageSize(height: 6, width: 6)
    let result = try ImageFolderImporter(root: root.path, options: sized).run(to: destination)
    #expect(result.count == 5)
    #expect(result.fitted == 5)  // 5×6 padded to 6×6; 12×8 shrunk to 6×4 and padded

    // An image beside class folders is ambiguous.
    try PNGCodec.write(try PNGCodec.encode(big), to: root.appendingPathComponent("alpha/stray.png").path)
    let mixed = #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: root.path, options: sized).run(to: destination)
    }
    #expect(mixed?.reason.contains("holds both images and the class folder") == true)
    let empty = directory.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: empty.path, options: sized).run(to: destination)
    }
    #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: empty.path + "/missing", options: sized).run(to: destination)
    }
  }

  @Test func featuresMustMatchTheDatasetAndLeaveItIntactOnFailure() throws {
    let directory = try TestPaths.temporaryDirectory("corrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = try DatasetFixtures.writeSmall(at: directory.appendingPathComponent("d.h5").path)
    let original = try Data(contentsOf: URL(fileURLWithPath: dataset))
    let wrongRows = directory.appendingPathComponent("emb.npy").path
    try NPYTests.npy(descr: "<f4", shape: "(4, 2)", payload: NPYTests.float32Bytes([Float](repeating: 1, count: 8)))
      .write(to: URL(fileURLWithPath: wrongRows))
    let rows = #expect(throws: DatasetError.self) {
      try EmbeddingImporter(sourcePath: wrongRows).attach(to: dataset, name: "clip")
    }
    #expect(rows?.path == wrongRows)
    #expect(rows?.reason.contains("has 4 rows, but \(dataset) has 5 images") == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: dataset)) == original)
    #expect(try DatasetFixtures.entries(directory) == ["d.h5", "emb.npy"])

    // A non-HDF5 file passed as the dataset.
    let text = directory.appendingPathComponent("notes.txt").path
    try Data("x".utf8).write(to: URL(fileURLWithPath: text))
    let notDataset = #expect(throws: DatasetError.self) {
      try EmbeddingImporter(sourcePath: wrongRows).attach(to: text, name: "clip")
    }
    #expect(notDataset?.path == text)

    // The right rows attach; the same name again needs `replace`.
    let good = directory.appendingPathComponent("good.npy").path
    let values = (0..<10).map { Float($0) / 4 }
    try NPYTests.npy(descr: "<f4", shape: "(5, 2)", payload: NPYTests.float32Bytes(values))
      .write(to: URL(fileURLWithPath: good))
    try EmbeddingImporter(sourcePath: good).attach(to: dataset, name: "clip")
    #expect(throws: DatasetError.self) { try EmbeddingImporter(sourcePath: good).attach(to: dataset, name: "clip") }
    try EmbeddingImporter(sourcePath: good).attach(to: dataset, name: "clip", replace: true)
    let reader = try GlyphDatasetReader(path: dataset)
    #expect(try reader.features("clip").elements == values)
    #expect(try reader.allImages().pixels == DatasetFixtures.pixels(count: 5, height: 4, width: 3))

    // An HDF5 source: a dataset inside another file.
    let h5 = directory.appendingPathComponent("emb.h5").path
    try HDF5File.writeAtomically(to: h5) { file in
      try file.createDataset("model/emb", of: Double.self, shape: [5, 2]).write(values.map(Double.init))
    }
    try EmbeddingImporter(sourcePath: h5, hdf5Dataset: "model/emb").attach(to: dataset, name: "h5")
    #expect(try GlyphDatasetReader(path: dataset).features("h5").elements == values)
    #expect(throws: DatasetError.self) { try EmbeddingImporter(sourcePath: h5).attach(to: dataset, name: "x") }
    #expect(throws: DatasetError.self) {
      try EmbeddingImporter(sourcePath: h5, hdf5Dataset: "missing").attach(to: dataset, name: "x")
    }
  }
}
